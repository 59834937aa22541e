package baton.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** One way to say a duration, for the window and the command line alike. */
class DurationTextTest {
    @Test
    void millisecondsSecondsMinutesHours() {
        assertThat(DurationText.of(850)).isEqualTo("850ms");
        assertThat(DurationText.of(1500)).isEqualTo(String.format("%.1fs", 1.5));
        assertThat(DurationText.of(125_000)).isEqualTo("2m05s");
        assertThat(DurationText.of(3_720_000)).isEqualTo("1h02m");
        assertThat(DurationText.between(Instant.ofEpochSecond(10), Instant.ofEpochSecond(70))).isEqualTo("1m00s");
    }
}
