package baton.engine.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Following a running attempt's BATON_METRICS file, on real files. */
class MetricsTailTest {
    @TempDir Path dir;

    private void append(Path f, String text) throws Exception {
        Files.writeString(f, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void noFileYetAndAnUnchangedFileSayNothing() throws Exception {
        Path f = dir.resolve("metrics");
        MetricsTail tail = new MetricsTail(f);
        assertThat(tail.read()).isNull();
        append(f, "input_tokens=100\n");
        assertThat(tail.read()).isEqualTo(Map.of("input_tokens", 100.0));
        assertThat(tail.read()).isNull();
    }

    @Test
    void appendedLinesAreTakenTheLastValueOfANameWinningAndAPartLineWaitsForItsEnd() throws Exception {
        Path f = dir.resolve("metrics");
        MetricsTail tail = new MetricsTail(f);
        append(f, "input_tokens=100\ncost=0.5\n");
        assertThat(tail.read()).isEqualTo(Map.of("input_tokens", 100.0, "cost", 0.5));
        append(f, "input_tokens=250\nbroken line\noutput_tok");
        assertThat(tail.read()).isEqualTo(Map.of("input_tokens", 250.0, "cost", 0.5));
        append(f, "ens=7\n");
        assertThat(tail.read()).isEqualTo(Map.of("input_tokens", 250.0, "cost", 0.5, "output_tokens", 7.0));
    }

    @Test
    void aFileRewrittenInsteadOfAppendedToIsTakenAgainFromItsStart() throws Exception {
        Path f = dir.resolve("metrics");
        MetricsTail tail = new MetricsTail(f);
        Files.writeString(f, "input_tokens=100\nold=1\n");
        assertThat(tail.read()).isEqualTo(Map.of("input_tokens", 100.0, "old", 1.0));
        // shorter: the file shrank
        Files.writeString(f, "input_tokens=7\n");
        assertThat(tail.read()).isEqualTo(Map.of("input_tokens", 7.0));
        // longer, and not a continuation of what was taken
        Files.writeString(f, "x=1\ninput_tokens=12345\n");
        assertThat(tail.read()).isEqualTo(Map.of("x", 1.0, "input_tokens", 12345.0));
    }
}
