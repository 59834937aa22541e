package baton.ui;

import baton.engine.RunOptions;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import javafx.application.Platform;
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

/** The chips over the timeline count the jobs by state and show only those pressed; a search box; jumps to the next failed job. */
class GanttFilterWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    private static java.util.List<String> rows(GanttModel m) {
        return m.lines().stream().filter(l -> !l.isHeader()).map(l -> l.row().jobId()).toList();
    }

    @Test
    void chipsCountAndFilterTheSearchFindsAndFailuresAreJumpedTo(FxRobot robot) throws Exception {
        Path file = Files.writeString(dir.resolve("filter.yaml"), """
                pipeline: filter
                phases:
                  - id: alpha
                    run: "true"
                  - id: broken_one
                    name: "Compile the sources"
                    run: exit 1
                  - id: beta
                    run: "true"
                  - id: broken_two
                    run: exit 3
                  - id: gamma
                    run: "true"
                """);
        var p = openTrustAndStart(file);
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status().isTerminal());
        GanttChart chart = robot.lookup("#gantt").queryAs(GanttChart.class);
        ToggleButton failed = robot.lookup("#chip-failed").queryAs(ToggleButton.class);
        waitUntil(() -> failed.getText().equals("failed 2"));
        assertThat(robot.lookup("#chip-succeeded").queryAs(ToggleButton.class).getText()).isEqualTo("succeeded 3");
        assertThat(rows(chart.getModel())).hasSize(5);

        robot.clickOn(failed);
        assertThat(rows(chart.getModel())).containsExactly("broken_one", "broken_two");
        robot.clickOn("#chip-succeeded");
        assertThat(rows(chart.getModel())).hasSize(5);
        robot.clickOn("#chip-succeeded");
        // the search finds by phase name as well as by id
        robot.clickOn("#jobSearch").write("compile");
        assertThat(rows(chart.getModel())).containsExactly("broken_one");
        robot.doubleClickOn("#jobSearch").eraseText(7);
        robot.clickOn(failed);
        assertThat(rows(chart.getModel())).hasSize(5);

        robot.clickOn("#nextFailed");
        assertThat(vm.selectedJobProperty().get()).isEqualTo("broken_one");
        robot.clickOn("#nextFailed");
        assertThat(vm.selectedJobProperty().get()).isEqualTo("broken_two");
        // F on the timeline goes round to the first again
        Platform.runLater(chart::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.F);
        assertThat(vm.selectedJobProperty().get()).isEqualTo("broken_one");
    }
}
