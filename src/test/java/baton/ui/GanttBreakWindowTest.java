package baton.ui;

import baton.engine.RunOptions;
import baton.model.RunStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.GanttTime;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static baton.ui.MainWindowTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** A retry long after its run ended: the idle time between is drawn as a short break, not as empty width that shrinks every bar. */
class GanttBreakWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    @Test
    void theIdleGapBeforeARetryIsABreak(FxRobot robot) throws Exception {
        Path fixed = dir.resolve("fixed-" + System.nanoTime());
        Path file = Files.writeString(dir.resolve("gap.yaml"), """
                pipeline: gap
                phases:
                  - id: work
                    run: sleep 0.5
                  - id: check
                    needs: [work]
                    run: sleep 0.3; [ -e %s ]
                """.formatted(fixed));
        var p = openTrustAndStart(file);
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status() == RunStatus.FAILED);
        // the person comes back a while later (the pause is the point of the test, not a wait for something)
        Thread.sleep(4_000);
        Files.createFile(fixed);
        Platform.runLater(() -> vm.actions().retry("check"));
        waitUntil(() -> vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED && vm.gantt().row("check").attempt() == 2);
        for (int i = 0; i < 5; i++) WaitForAsyncUtils.asyncFx(() -> {}).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(10, TimeUnit.SECONDS), null),
                "png", Files.createDirectories(Path.of("target")).resolve("gantt-break.png").toFile());

        GanttChart c = robot.lookup("#gantt").queryAs(GanttChart.class);
        GanttModel m = c.getModel();
        assertThat(m.time().breaks()).hasSize(1);
        GanttTime.Break b = m.time().breaks().getFirst();
        assertThat(b.idle()).isGreaterThanOrEqualTo(3_500);
        long real = m.end(0) - m.start();
        double shown = c.span(System.currentTimeMillis());
        assertThat(shown).as("the axis is shorter than the real time by the idle time, less the break").isLessThan(real - 3_000);
        // fitted: the first attempt's bars keep a good part of the width
        double firstAttemptPx = (m.row("check").segments().stream().filter(s -> s.attempt() == 1 && s.status() != baton.model.JobStatus.QUEUED)
                .findFirst().orElseThrow().end() - m.row("work").segments().getFirst().start()) / c.msPerPixelProperty().get();
        assertThat(firstAttemptPx).isGreaterThan(c.barsWidth() / 4);
        // the axis still tells real time after the break
        assertThat(m.time().real(m.time().at(m.end(0)))).isEqualTo(m.end(0));
    }
}
