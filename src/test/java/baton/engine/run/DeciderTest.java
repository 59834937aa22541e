package baton.engine.run;

import baton.engine.run.Decider.Outcome;
import baton.engine.run.Decider.Tally;
import baton.engine.run.Decider.Verdict;
import baton.model.JobStatus;
import baton.model.When;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of needs, when and fatal, alone, without processes or a store. */
class DeciderTest {
    private static Tally tally(int total, int notEnded, int cancelled, int blocked, int failed, int skipped) {
        return new Tally(total, notEnded, cancelled, blocked, failed, skipped);
    }

    @Test
    void aPhaseOutcomeFollowsItsWorstJob() {
        assertThat(Decider.outcome(tally(3, 1, 0, 0, 0, 0), true, false, false)).isEqualTo(Outcome.NOT_ENDED);
        assertThat(Decider.outcome(tally(3, 0, 0, 0, 0, 0), true, false, true)).isEqualTo(Outcome.NOT_ENDED); // fan-out not expanded yet
        assertThat(Decider.outcome(tally(3, 0, 0, 0, 0, 0), true, false, false)).isEqualTo(Outcome.SUCCESS);
        assertThat(Decider.outcome(tally(3, 0, 0, 0, 1, 0), true, false, false)).isEqualTo(Outcome.FAILURE);
        assertThat(Decider.outcome(tally(3, 0, 0, 0, 1, 0), false, false, false)).isEqualTo(Outcome.SOFT_FAILURE);
        assertThat(Decider.outcome(tally(3, 0, 1, 1, 1, 0), true, false, false)).isEqualTo(Outcome.CANCELLED);
        assertThat(Decider.outcome(tally(3, 0, 0, 1, 1, 0), true, false, false)).isEqualTo(Outcome.BLOCKED);
        assertThat(Decider.outcome(tally(2, 0, 0, 0, 0, 2), true, false, false)).isEqualTo(Outcome.SKIPPED);
        assertThat(Decider.outcome(tally(2, 0, 0, 0, 0, 2), true, true, false)).isEqualTo(Outcome.SWITCHED_OFF);
        assertThat(Decider.outcome(tally(2, 0, 0, 0, 0, 1), true, false, false)).isEqualTo(Outcome.SUCCESS);
        assertThat(Decider.outcome(tally(0, 0, 0, 0, 0, 0), true, false, false)).isEqualTo(Outcome.SUCCESS); // empty fan-out
    }

    @Test
    void everyWhenAgainstEveryOutcome() {
        // rows: outcome; columns: success, failure, always
        Object[][] table = {
                {Outcome.NOT_ENDED, Verdict.WAIT, Verdict.WAIT, Verdict.WAIT},
                {Outcome.SUCCESS, Verdict.MET, Verdict.SKIP, Verdict.MET},
                {Outcome.SOFT_FAILURE, Verdict.MET, Verdict.SKIP, Verdict.MET},
                {Outcome.FAILURE, Verdict.BLOCK, Verdict.MET, Verdict.MET},
                {Outcome.CANCELLED, Verdict.BLOCK, Verdict.BLOCK, Verdict.MET},
                {Outcome.BLOCKED, Verdict.BLOCK, Verdict.BLOCK, Verdict.MET},
                {Outcome.SWITCHED_OFF, Verdict.MET, Verdict.SKIP, Verdict.MET},
                {Outcome.SKIPPED, Verdict.SKIP, Verdict.SKIP, Verdict.MET},
        };
        assertThat(table.length).isEqualTo(Outcome.values().length);
        for (Object[] row : table) {
            Outcome o = (Outcome) row[0];
            assertThat(Decider.verdict(When.SUCCESS, o)).as("success / " + o).isEqualTo(row[1]);
            assertThat(Decider.verdict(When.FAILURE, o)).as("failure / " + o).isEqualTo(row[2]);
            assertThat(Decider.verdict(When.ALWAYS, o)).as("always / " + o).isEqualTo(row[3]);
        }
    }

    @Test
    void aBlockWinsOverWaitingAndASkipWaitsForTheRest() {
        assertThat(Decider.jobStatus(true, true, true)).isEqualTo(JobStatus.BLOCKED);
        assertThat(Decider.jobStatus(false, true, true)).isEqualTo(JobStatus.WAITING);
        assertThat(Decider.jobStatus(false, false, true)).isEqualTo(JobStatus.SKIPPED);
        assertThat(Decider.jobStatus(false, false, false)).isEqualTo(JobStatus.QUEUED);
    }
}
