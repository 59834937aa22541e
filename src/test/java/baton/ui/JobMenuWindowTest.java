package baton.ui;

import baton.engine.RunOptions;
import baton.model.JobStatus;
import baton.model.RunStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import javafx.application.Platform;
import javafx.scene.control.ListView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static baton.ui.MainWindowTest.clickDialogButton;
import static baton.ui.MainWindowTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** A right-click on a job's row: retry it (and what depends on it), copy its command, open its folder, show its log, cancel it. */
class JobMenuWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    private void rightClick(FxRobot robot, String job) {
        GanttChart chart = robot.lookup("#gantt").queryAs(GanttChart.class);
        GanttModel m = chart.getModel();
        int line = m.lines().indexOf(m.lines().stream().filter(l -> !l.isHeader() && l.row().jobId().equals(job)).findFirst().orElseThrow());
        var b = chart.localToScreen(chart.getBoundsInLocal());
        robot.moveTo(b.getMinX() + 60, b.getMinY() + 24 + line * chart.rowHeightProperty().get() + 11 - chart.rowOffsetProperty().get());
        robot.clickOn(MouseButton.SECONDARY);
    }

    @Test
    void theJobsMenuRetriesCopiesOpensAndShows(FxRobot robot) throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path fixed = dir.resolve("fixed-" + System.nanoTime());
        Path file = Files.writeString(dir.resolve("menu.yaml"), """
                pipeline: menu
                phases:
                  - id: check
                    cwd: work
                    run: echo checking; [ -e %s ]
                  - id: after
                    needs: [check]
                    run: "true"
                  - id: other
                    run: "true"
                """.formatted(fixed));
        var p = openTrustAndStart(file);
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status() == RunStatus.FAILED);

        rightClick(robot, "check");
        waitUntil(() -> robot.lookup("#menu-copy-command").tryQuery().isPresent());
        assertThat(vm.selectedJobProperty().get()).isEqualTo("check");
        robot.clickOn("Copy its command");
        String copied = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get(5, TimeUnit.SECONDS);
        assertThat(copied).isEqualTo("echo checking; [ -e " + fixed + " ]");
        assertThat(JobMenu.workingFolder(p, p.definition().phases().getFirst())).isEqualTo(work.toAbsolutePath().normalize());

        rightClick(robot, "check");
        robot.clickOn("Show its log");
        @SuppressWarnings("unchecked")
        ListView<LogLine> log = robot.lookup("#logList").queryAs(ListView.class);
        waitUntil(() -> log.isFocused() && log.getItems().stream().anyMatch(l -> l.text().equals("checking")));

        Files.createFile(fixed);
        rightClick(robot, "check");
        waitUntil(() -> robot.lookup("Retry this job and what depends on it…").tryQuery().isPresent());
        robot.clickOn("Retry this job and what depends on it…");
        waitUntil(() -> robot.lookup("#retry-check").tryQuery().isPresent());
        assertThat(robot.lookup("#retry-other").tryQuery()).as("only this job and what depends on it").isEmpty();
        assertThat(robot.lookup("#retry-after").tryQuery()).isPresent();
        clickDialogButton(robot, "Retry");
        waitUntil(() -> vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED);
        assertThat(vm.gantt().row("check").attempt()).isEqualTo(2);
        assertThat(vm.gantt().row("other").attempt()).isEqualTo(1);
        assertThat(vm.gantt().row("after").status()).isEqualTo(JobStatus.SUCCEEDED);
    }
}
