package baton.ui;

import baton.engine.RunOptions;
import baton.model.JobStatus;
import baton.model.RunRecord;
import baton.model.RunStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import javafx.application.Platform;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static baton.ui.MainWindowTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The live Gantt goes with its run until the person moves it, and has scroll bars both ways. */
class GanttFollowWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    private GanttChart chart(FxRobot robot) {
        return robot.lookup("#gantt").queryAs(GanttChart.class);
    }

    /** Opens, trusts and starts a pipeline; returns once its run is shown. */
    private RunRecord run(String name, String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve(name), yaml);
        Platform.runLater(() -> vm.open(file, () -> {}));
        waitUntil(() -> vm.pipelineProperty().get() != null && vm.pipelineProperty().get().sourcePath().equals(file.toString()));
        var p = vm.pipelineProperty().get();
        WaitForAsyncUtils.asyncFx(() -> vm.trust(p)).get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        Platform.runLater(() -> vm.start(p, RunOptions.defaults()));
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().pipelineId().equals(p.definition().id()));
        return vm.shownRunProperty().get();
    }

    private void waitForEnd() throws Exception {
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status().isTerminal());
        // a few frames for the chart to catch up with the last moves
        for (int i = 0; i < 5; i++) WaitForAsyncUtils.asyncFx(() -> {}).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Milliseconds of the run on screen, from the left edge of the bars to the right. */
    private static double[] shownTime(GanttChart c) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> new double[]{c.timeOffsetProperty().get(),
                c.timeOffsetProperty().get() + c.barsWidth() * c.msPerPixelProperty().get()}).get(5, TimeUnit.SECONDS);
    }

    @Test
    void theLiveTimelineGrowsWithItsRunWithoutPressingFit(FxRobot robot) throws Exception {
        run("grow.yaml", """
                pipeline: grow
                phases:
                  - id: first
                    run: sleep 0.3
                  - id: long
                    needs: [first]
                    run: sleep 2
                  - id: last
                    needs: [long]
                    run: sleep 0.5
                """);
        waitForEnd();
        GanttChart c = chart(robot);
        GanttModel m = c.getModel();
        long runLength = m.end(0) - m.start();
        assertThat(runLength).isGreaterThan(2500);
        double[] shown = shownTime(c);
        assertThat(shown[0]).as("the start is on screen").isEqualTo(0);
        // half a millisecond of slack: the shown span is a double computed from pixels (2858.9999999999995 for 2859)
        assertThat(shown[1]).as("the whole run is on screen at its end").isGreaterThanOrEqualTo(runLength - 0.5);
        assertThat(shown[1]).as("and fitted: it fills the width, not a corner of it").isLessThan(runLength * 1.2);
        // the last job's bar ends inside the chart, not off its right edge
        long lastEnd = m.row("last").segments().getLast().end();
        double x = c.labelWidth() + (lastEnd - m.start() - shown[0]) / c.msPerPixelProperty().get();
        assertThat(x).isLessThanOrEqualTo(c.getWidth());
        assertThat(c.isFollowing()).isTrue();
        assertThat(robot.lookup("#followButton").queryAs(ToggleButton.class).isSelected()).isTrue();
    }

    @Test
    void zoomingStopsFollowingAndEndOrTheFollowButtonFollowsAgain(FxRobot robot) throws Exception {
        run("zoom.yaml", "pipeline: zoom\nphases:\n  - id: slow\n    run: sleep 30\n");
        waitUntil(() -> vm.gantt().row("slow").status() == JobStatus.RUNNING);
        GanttChart c = chart(robot);
        ToggleButton follow = robot.lookup("#followButton").queryAs(ToggleButton.class);
        robot.clickOn("+");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(c.isFollowing()).isFalse();
        assertThat(follow.isSelected()).isFalse();
        // dragged to the start and zoomed in: "now" goes off screen and stays there
        Platform.runLater(() -> {
            c.zoom(50);
            c.timeOffsetProperty().set(0);
        });
        waitUntil(() -> shownTime(c)[1] < System.currentTimeMillis() - c.getModel().start());
        assertThat(c.isFollowing()).isFalse();
        // End follows again at the zoom chosen: "now" comes back on screen
        robot.clickOn(c);
        robot.type(KeyCode.END);
        waitUntil(() -> {
            double[] s = shownTime(c);
            long now = System.currentTimeMillis() - c.getModel().start();
            return c.isFollowing() && s[0] > 0 && s[0] <= now && now <= s[1];
        });
        assertThat(follow.isSelected()).isTrue();
        robot.clickOn("#followButton");
        assertThat(c.isFollowing()).isFalse();
        robot.clickOn("#followButton");
        assertThat(c.isFollowing()).isTrue();
    }

    @Test
    void aRunOfManyJobsScrollsAndKeepsTheRunningJobInView(FxRobot robot) throws Exception {
        StringBuilder yaml = new StringBuilder("pipeline: many\nconcurrency: 8\nphases:\n");
        StringBuilder needs = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            yaml.append("  - id: j").append(i).append("\n    run: \"true\"\n");
            needs.append(i == 0 ? "" : ", ").append("j").append(i);
        }
        yaml.append("  - id: zlast\n    needs: [").append(needs).append("]\n    run: sleep 30\n");
        run("many.yaml", yaml.toString());
        GanttChart c = chart(robot);
        waitUntil(() -> vm.gantt().row("zlast").status() == JobStatus.RUNNING);
        ScrollBar down = robot.lookup("#gantt-row-scroll").queryAs(ScrollBar.class);
        // 81 rows do not fit: the rows scroll, and have followed the running job down
        waitUntil(() -> !down.isDisabled() && down.getMax() > 0);
        int line = c.getModel().lines().indexOf(c.getModel().lines().stream().filter(l -> !l.isHeader() && l.row().jobId().equals("zlast")).findFirst().orElseThrow());
        waitUntil(() -> {
            double rowH = c.rowHeightProperty().get();
            double top = c.rowOffsetProperty().get();
            double y = line * rowH - top;
            return y >= 0 && y + rowH <= c.getHeight() - 24;
        });
        assertThat(down.getValue()).isEqualTo(c.rowOffsetProperty().get());
        // the person scrolls the rows back up: they stay there, and the time axis goes on following
        Platform.runLater(() -> down.setValue(0));
        WaitForAsyncUtils.waitForFxEvents();
        for (int i = 0; i < 5; i++) WaitForAsyncUtils.asyncFx(() -> {}).get(5, TimeUnit.SECONDS);
        assertThat(c.rowOffsetProperty().get()).isEqualTo(0);
        assertThat(c.isFollowing()).isTrue();
        ScrollBar across = robot.lookup("#gantt-time-scroll").queryAs(ScrollBar.class);
        assertThat(across.isVisible()).isTrue();
    }

    @Test
    void eachRunKeepsItsOwnZoomAndScroll(FxRobot robot) throws Exception {
        RunRecord first = run("own.yaml", "pipeline: own\nphases:\n  - id: a\n    run: sleep 0.2\n");
        waitForEnd();
        GanttChart c = chart(robot);
        Platform.runLater(() -> {
            c.zoom(4);
            c.timeOffsetProperty().set(50);
        });
        WaitForAsyncUtils.waitForFxEvents();
        double zoomed = c.msPerPixelProperty().get();
        RunRecord second = run("other.yaml", "pipeline: other\nphases:\n  - id: b\n    run: sleep 0.2\n");
        waitForEnd();
        assertThat(c.isFollowing()).as("a new run is followed").isTrue();
        assertThat(c.msPerPixelProperty().get()).isNotEqualTo(zoomed);
        Platform.runLater(() -> vm.timeline().openRun(first));
        waitUntil(() -> vm.shownRunProperty().get().id().equals(first.id()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(c.msPerPixelProperty().get()).isEqualTo(zoomed);
        assertThat(c.timeOffsetProperty().get()).isEqualTo(50);
        assertThat(c.isFollowing()).isFalse();
        Platform.runLater(() -> vm.timeline().openRun(second));
        waitUntil(() -> vm.shownRunProperty().get().id().equals(second.id()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(c.isFollowing()).isTrue();
    }
}
