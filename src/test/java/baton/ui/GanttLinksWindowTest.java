package baton.ui;

import baton.engine.RunOptions;
import baton.model.JobStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
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

/** Selecting a job lights it and the jobs it is linked to, with edges, and dims the rest; "Critical path" lights the longest chain. */
class GanttLinksWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    /** Pixels of the row in exactly the succeeded colour (a dimmed bar is paler). */
    private static int fullColour(GanttChart c, PixelReader px, int line, Color colour) {
        double rowH = c.rowHeightProperty().get();
        int y0 = (int) (24 + line * rowH - c.rowOffsetProperty().get());
        int n = 0;
        for (int y = y0 + 4; y < y0 + rowH - 4; y++) {
            for (int x = (int) c.labelWidth() + 1; x < c.getWidth() - 30; x++) {
                Color k = px.getColor(x, y);
                if (Math.abs(k.getRed() - colour.getRed()) < 0.03 && Math.abs(k.getGreen() - colour.getGreen()) < 0.03
                        && Math.abs(k.getBlue() - colour.getBlue()) < 0.03) n++;
            }
        }
        return n;
    }

    private PixelReader shoot(GanttChart c, String png) throws Exception {
        for (int i = 0; i < 3; i++) WaitForAsyncUtils.asyncFx(() -> {}).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(10, TimeUnit.SECONDS), null),
                "png", Files.createDirectories(Path.of("target")).resolve(png).toFile());
        return WaitForAsyncUtils.asyncFx(() -> c.snapshot(null, null)).get(10, TimeUnit.SECONDS).getPixelReader();
    }

    private static int line(GanttModel m, String job) {
        return m.lines().indexOf(m.lines().stream().filter(l -> !l.isHeader() && l.row().jobId().equals(job)).findFirst().orElseThrow());
    }

    @Test
    void aSelectedJobLightsItsLinksAndTheCriticalPathTheLongestChain(FxRobot robot) throws Exception {
        Path file = Files.writeString(dir.resolve("links.yaml"), """
                pipeline: links
                phases:
                  - id: a
                    run: sleep 0.3
                  - id: b
                    needs: [a]
                    run: sleep 1.2
                  - id: c
                    needs: [a]
                    run: sleep 0.3
                  - id: d
                    needs: [b, c]
                    run: sleep 0.3
                  - id: lone
                    run: sleep 0.5
                """);
        var p = openTrustAndStart(file);
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status().isTerminal());
        GanttChart c = robot.lookup("#gantt").queryAs(GanttChart.class);
        GanttModel m = c.getModel();
        Color ok = c.palette().of(JobStatus.SUCCEEDED);

        PixelReader none = shoot(c, "links-none.png");
        for (String j : new String[]{"a", "b", "c", "d", "lone"}) assertThat(fullColour(c, none, line(m, j), ok)).as(j).isGreaterThan(20);

        // b: it waited for a, d waited for it; c and the lone job are dimmed
        Platform.runLater(() -> vm.selectedJobProperty().set("b"));
        PixelReader b = shoot(c, "links-b.png");
        assertThat(fullColour(c, b, line(m, "a"), ok)).isGreaterThan(20);
        assertThat(fullColour(c, b, line(m, "d"), ok)).isGreaterThan(20);
        assertThat(fullColour(c, b, line(m, "c"), ok)).isZero();
        assertThat(fullColour(c, b, line(m, "lone"), ok)).isZero();

        // the critical path: a, b, d (c was shorter); the lone job is not on it
        assertThat(m.criticalPath()).containsExactly("a", "b", "d");
        Platform.runLater(() -> vm.selectedJobProperty().set(null));
        robot.clickOn("#criticalPath");
        PixelReader crit = shoot(c, "links-critical.png");
        assertThat(fullColour(c, crit, line(m, "b"), ok)).isGreaterThan(20);
        assertThat(fullColour(c, crit, line(m, "c"), ok)).isZero();
        assertThat(fullColour(c, crit, line(m, "lone"), ok)).isZero();
    }
}
