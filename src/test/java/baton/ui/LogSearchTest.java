package baton.ui;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.PatternSyntaxException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogSearchTest {
    private static final List<LogLine> LINES = List.of(new LogLine('o', "Starting"), new LogLine('e', "error: disk"),
            new LogLine('o', "retry"), new LogLine('e', "ERROR: again"));

    @Test
    void plainTextIgnoresCaseAndTheSearchGoesRoundTheEndBothWays() {
        var p = LogSearch.compile("error", false).orElseThrow();
        assertThat(LogSearch.count(LINES, p)).isEqualTo(2);
        assertThat(LogSearch.next(LINES, -1, 1, p)).isEqualTo(1);
        assertThat(LogSearch.next(LINES, 1, 1, p)).isEqualTo(3);
        assertThat(LogSearch.next(LINES, 3, 1, p)).isEqualTo(1);
        assertThat(LogSearch.next(LINES, 1, -1, p)).isEqualTo(3);
        assertThat(LogSearch.next(List.of(), -1, 1, p)).isEqualTo(-1);
    }

    @Test
    void aRegexIsTakenAsWrittenAndNothingIsLookedForWhenTheFieldIsEmpty() {
        assertThat(LogSearch.count(LINES, LogSearch.compile("^[a-z]+:", true).orElseThrow())).isEqualTo(1);
        assertThat(LogSearch.compile("", true)).isEmpty();
        assertThatThrownBy(() -> LogSearch.compile("(", true)).isInstanceOf(PatternSyntaxException.class);
        assertThat(LogSearch.compile("(", false)).isPresent();
    }
}
