package baton.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static baton.model.JobStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTransitionsTest {
    /** The table written out again by hand: a change to the rules must change both. */
    private static final Map<JobStatus, Set<JobStatus>> EXPECTED = Map.ofEntries(
            Map.entry(PENDING, EnumSet.of(WAITING, QUEUED, AWAITING_APPROVAL, SKIPPED, BLOCKED, CANCELLED)),
            Map.entry(WAITING, EnumSet.of(QUEUED, AWAITING_APPROVAL, SKIPPED, BLOCKED, CANCELLED, PENDING)),
            Map.entry(QUEUED, EnumSet.of(RUNNING, CANCELLED, PENDING, SKIPPED)),
            Map.entry(AWAITING_APPROVAL, EnumSet.of(QUEUED, FAILED, SKIPPED, CANCELLED, PENDING)),
            Map.entry(RUNNING, EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, RETRYING)),
            Map.entry(RETRYING, EnumSet.of(QUEUED, CANCELLED, PENDING)),
            Map.entry(SUCCEEDED, EnumSet.of(PENDING)),
            Map.entry(FAILED, EnumSet.of(PENDING)),
            Map.entry(TIMED_OUT, EnumSet.of(PENDING)),
            Map.entry(CANCELLED, EnumSet.of(PENDING)),
            Map.entry(SKIPPED, EnumSet.of(PENDING)),
            Map.entry(BLOCKED, EnumSet.of(PENDING)));

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void everySourceStateAllowsExactlyItsListedMoves(JobStatus from) {
        for (JobStatus to : JobStatus.values()) {
            boolean expected = EXPECTED.get(from).contains(to);
            assertThat(JobTransitions.isAllowed(from, to)).as(from + " -> " + to).isEqualTo(expected);
            if (!expected) {
                assertThatThrownBy(() -> JobTransitions.check(from, to)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(from.wire()).hasMessageContaining(to.wire());
            }
        }
    }

    @Test
    void terminalStatesAreExactlyTheEndedOnes() {
        assertThat(EnumSet.allOf(JobStatus.class).stream().filter(JobStatus::isTerminal))
                .containsExactlyInAnyOrder(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, SKIPPED, BLOCKED);
    }

    @Test
    void nothingMovesToItself() {
        for (JobStatus s : JobStatus.values()) assertThat(JobTransitions.isAllowed(s, s)).isFalse();
    }

    @Test
    void wireNamesAreTheSpecOnes() {
        assertThat(TIMED_OUT.wire()).isEqualTo("timed_out");
        assertThat(JobStatus.fromWire("timed_out")).isEqualTo(TIMED_OUT);
        assertThat(RunStatus.INTERRUPTED.wire()).isEqualTo("interrupted");
    }

    @Test
    void retryDelayGrowsByBackoffUpToTheCap() {
        RetryPolicy p = new RetryPolicy(5, java.time.Duration.ofSeconds(1), 2.0, java.time.Duration.ofSeconds(5));
        assertThat(p.delayBefore(2)).hasSeconds(1);
        assertThat(p.delayBefore(3)).hasSeconds(2);
        assertThat(p.delayBefore(4)).hasSeconds(4);
        assertThat(p.delayBefore(5)).hasSeconds(5);
    }
}
