package baton.ui;

import baton.engine.RunOptions;
import baton.model.JobStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.GanttPalette;
import javafx.application.Platform;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
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

/**
 * What the timeline draws can be told apart: rows named by their phases, a failure that is not
 * fatal in a hue of its own, a blocked job hatched across the rest of the run and naming the job
 * that blocked it, a time-out and a cancellation unlike a failure, and a neutral "now" line.
 */
class GanttMarksWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    private record Shot(PixelReader pixels, double width) {}

    private Shot shoot(GanttChart c) throws Exception {
        var img = WaitForAsyncUtils.asyncFx(() -> c.snapshot(null, null)).get(10, TimeUnit.SECONDS);
        return new Shot(img.getPixelReader(), img.getWidth());
    }

    private static int line(GanttModel m, String job) {
        return m.lines().indexOf(m.lines().stream().filter(l -> !l.isHeader() && l.row().jobId().equals(job)).findFirst().orElseThrow());
    }

    /** How many pixels of the job's row, right of the labels, are {@code colour}. */
    private static int count(Shot s, GanttChart c, int line, Color colour) {
        double rowH = c.rowHeightProperty().get();
        int y0 = (int) (24 + line * rowH - c.rowOffsetProperty().get());
        int n = 0;
        for (int y = y0 + 2; y < y0 + rowH - 2; y++) {
            for (int x = (int) c.labelWidth() + 1; x < s.width() - 20; x++) if (near(s.pixels().getColor(x, y), colour)) n++;
        }
        return n;
    }

    /** The rightmost pixel of the row in {@code colour}, or -1. */
    private static int rightmost(Shot s, GanttChart c, int line, Color colour) {
        double rowH = c.rowHeightProperty().get();
        int y0 = (int) (24 + line * rowH - c.rowOffsetProperty().get());
        int right = -1;
        for (int y = y0 + 2; y < y0 + rowH - 2; y++) {
            for (int x = (int) c.labelWidth() + 1; x < s.width() - 20; x++) if (near(s.pixels().getColor(x, y), colour)) right = Math.max(right, x);
        }
        return right;
    }

    private static boolean near(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) < 0.04 && Math.abs(a.getGreen() - b.getGreen()) < 0.04 && Math.abs(a.getBlue() - b.getBlue()) < 0.04;
    }

    @Test
    void statesAreToldApartByHueAndShape(FxRobot robot) throws Exception {
        Path file = Files.writeString(dir.resolve("marks.yaml"), """
                pipeline: marks
                phases:
                  - id: broken
                    name: "Phase 1: A step that breaks"
                    run: sleep 0.3; exit 1
                  - id: lint
                    name: "Lint, allowed to fail"
                    fatal: false
                    run: sleep 0.3; exit 2
                  - id: slowpoke
                    timeout: 400ms
                    run: sleep 5
                  - id: after
                    needs: [broken]
                    run: "true"
                  - id: long
                    run: sleep 1.5
                """);
        var p = openTrustAndStart(file);
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status().isTerminal());
        for (int i = 0; i < 5; i++) WaitForAsyncUtils.asyncFx(() -> {}).get(5, TimeUnit.SECONDS);
        GanttChart c = robot.lookup("#gantt").queryAs(GanttChart.class);
        GanttModel m = c.getModel();
        Shot shot = shoot(c);
        ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(10, TimeUnit.SECONDS), null),
                "png", Files.createDirectories(Path.of("target")).resolve("gantt-marks.png").toFile());
        GanttPalette pal = c.palette();

        // rows say what the phase is, with the job's id beside it
        assertThat(m.row("broken").label()).isEqualTo("Phase 1: A step that breaks");
        assertThat(m.row("slowpoke").label()).isNull();

        // a failure that is not fatal is drawn in its own hue, not the failed one
        assertThat(m.row("lint").status()).isEqualTo(JobStatus.FAILED);
        assertThat(m.row("lint").nonFatal()).isTrue();
        Color failed = pal.of(JobStatus.FAILED), nonFatal = pal.of(GanttPalette.Part.FAILED_NON_FATAL);
        assertThat(nonFatal).isNotEqualTo(failed);
        assertThat(count(shot, c, line(m, "lint"), nonFatal)).isGreaterThan(20);
        assertThat(count(shot, c, line(m, "lint"), failed)).isZero();
        assertThat(count(shot, c, line(m, "broken"), failed)).isGreaterThan(20);

        // a time-out and a failure differ
        assertThat(m.row("slowpoke").status()).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(count(shot, c, line(m, "slowpoke"), pal.of(JobStatus.TIMED_OUT))).isGreaterThan(20);
        assertThat(count(shot, c, line(m, "slowpoke"), failed)).isZero();

        // blocked: a hatched bar from when it was blocked to the end of the run, not a dot
        assertThat(m.row("after").status()).isEqualTo(JobStatus.BLOCKED);
        Color blocked = pal.of(JobStatus.BLOCKED);
        double endX = c.labelWidth() + (m.end(0) - m.start() - c.timeOffsetProperty().get()) / c.msPerPixelProperty().get();
        double blockedX = c.labelWidth() + (m.row("after").statusSince() - m.start() - c.timeOffsetProperty().get()) / c.msPerPixelProperty().get();
        assertThat(endX - blockedX).as("the run went on well after the job was blocked").isGreaterThan(100);
        assertThat(rightmost(shot, c, line(m, "after"), blocked)).isGreaterThan((int) endX - 4);
        assertThat(count(shot, c, line(m, "after"), blocked)).isGreaterThan(100);
        // and it says which job blocked it
        assertThat(m.row("after").reason()).contains("broken");

        // the "now" line is no state's colour
        for (JobStatus s : JobStatus.values()) assertThat(pal.of(GanttPalette.Part.NOW_LINE)).as(s.wire()).isNotEqualTo(pal.of(s));
        // cancelled is not the queued grey
        assertThat(pal.of(JobStatus.CANCELLED)).isNotEqualTo(pal.of(GanttPalette.Part.QUEUED_BAR)).isNotEqualTo(pal.of(JobStatus.QUEUED));
    }
}
