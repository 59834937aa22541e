package baton.hostile;

import baton.engine.logs.LogStream;
import baton.engine.logs.LogWriter;
import baton.ui.LogLine;
import baton.ui.LogViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The window's log view pages a log by windows: no line is lost at a window's edge, a long line shows its start. */
class LogWindowTest {
    @TempDir Path dir;

    private static void line(LogWriter w, String text) {
        byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
        w.write(LogStream.STDOUT, b, 0, b.length);
    }

    @Test
    void pagingBackThroughALogShowsEveryLineOnceWhereverTheWindowsFall() {
        Path log = dir.resolve("log");
        List<String> written = new ArrayList<>();
        try (LogWriter w = new LogWriter(log, 1L << 30)) {
            for (int i = 0; i < 200_000; i++) {
                String text = "line-" + i;
                written.add(text);
                line(w, text);
            }
        }
        LogViewModel vm = new LogViewModel(Runnable::run, Runnable::run); // reads at once, on this thread
        vm.show(log);
        while (vm.hasEarlierProperty().get()) vm.loadEarlier();
        assertThat(vm.lines()).extracting(LogLine::text).containsExactlyElementsOf(written);
    }

    @Test
    void aLineLongerThanTheWindowIsShownByItsStartWithHowMuchMoreThereIs() {
        Path log = dir.resolve("log");
        try (LogWriter w = new LogWriter(log, 1L << 30)) {
            line(w, "before");
            line(w, "y".repeat(3 * (int) LogViewModel.WINDOW));
        }
        LogViewModel vm = new LogViewModel(Runnable::run, Runnable::run);
        vm.show(log);
        assertThat(vm.lines()).extracting(LogLine::text).hasSize(2).first().isEqualTo("before");
        assertThat(vm.lines().getLast().text()).startsWith("yyyy").hasSizeLessThan(20_000).contains("more bytes in this line");
    }
}
