package baton.ui;

import baton.engine.RunOptions;
import baton.model.JobStatus;
import javafx.application.Platform;
import javafx.geometry.VerticalDirection;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.Clipboard;
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

/** Going up a live log pauses following (wheel, keys, scroll bar) until "Jump to end"; times, copy, save; stderr is not an error by itself. */
class LogFollowWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    @SuppressWarnings("unchecked")
    private ListView<LogLine> list(FxRobot robot) {
        return robot.lookup("#logList").queryAs(ListView.class);
    }

    private boolean following(FxRobot robot) {
        return robot.lookup("#followTail").queryAs(CheckBox.class).isSelected();
    }

    @Test
    void goingUpPausesFollowingUntilJumpToEnd(FxRobot robot) throws Exception {
        Path file = Files.writeString(dir.resolve("log.yaml"), """
                pipeline: log
                phases:
                  - id: talk
                    run: echo first; echo 'a warning' >&2; sleep 1; for i in $(seq 1 400); do echo "line $i"; done; sleep 30
                """);
        var p = openTrustAndStart(file);
        waitUntil(() -> vm.gantt().row("talk") != null && vm.gantt().row("talk").status() == JobStatus.RUNNING);
        Platform.runLater(() -> vm.selectedJobProperty().set("talk"));
        ListView<LogLine> list = list(robot);
        waitUntil(() -> list.getItems().size() >= 402);
        Button jump = robot.lookup("#jumpToEnd").queryButton();
        assertThat(following(robot)).isTrue();
        assertThat(jump.isVisible()).isFalse();

        // the wheel up pauses following
        // (under Xvfb a wheel turn right after the pointer arrives is sometimes lost: it is turned again until seen)
        for (int i = 0; i < 5 && following(robot); i++) {
            robot.moveTo(list).scroll(5, VerticalDirection.UP);
            WaitForAsyncUtils.waitForFxEvents();
        }
        waitUntil(() -> !following(robot));
        assertThat(jump.isVisible()).isTrue();
        robot.clickOn(jump);
        assertThat(following(robot)).isTrue();
        waitUntil(() -> lastCellShown(list));

        // so do keys
        robot.clickOn(list);
        robot.type(KeyCode.PAGE_UP);
        assertThat(following(robot)).isFalse();
        robot.clickOn(jump);
        assertThat(following(robot)).isTrue();

        // and the scroll bar
        Node bar = list.lookupAll(".scroll-bar").stream().filter(n -> n instanceof javafx.scene.control.ScrollBar s
                && s.getOrientation() == javafx.geometry.Orientation.VERTICAL && s.isVisible()).findFirst().orElseThrow();
        var b = bar.localToScreen(bar.getBoundsInLocal());
        robot.moveTo(b.getCenterX(), b.getMaxY() - 20).press(javafx.scene.input.MouseButton.PRIMARY).moveBy(0, -60).release(javafx.scene.input.MouseButton.PRIMARY);
        assertThat(following(robot)).isFalse();
        robot.clickOn(jump);

        // stderr is told apart, not as an error: the attempt did not fail
        assertThat(list.getItems().get(1).isStderr()).isTrue();
        assertThat(list.getStyleClass()).doesNotContain("failed-attempt");

        // lines read as they arrive carry their arrival time
        robot.clickOn("#timesBox");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(list.getItems().getLast().arrived()).isNotNull();
        assertThat(shownText(list, list.getItems().size() - 1)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  line 400");

        // copy: the selected lines as text
        Platform.runLater(() -> {
            list.getSelectionModel().clearSelection();
            list.getSelectionModel().selectRange(0, 2);
            list.requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        String copied = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get(5, TimeUnit.SECONDS);
        assertThat(copied).isEqualTo("first\na warning\n");

        // save: the whole log as plain text
        Path saved = dir.resolve("saved.log");
        LogPane pane = (LogPane) controller.controllerFor(LogPane.class);
        long bytes = WaitForAsyncUtils.asyncFx(() -> pane.save(saved)).get(5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        assertThat(bytes).isPositive();
        assertThat(Files.readAllLines(saved)).startsWith("first", "a warning", "line 1").contains("line 400");
    }

    private static boolean lastCellShown(ListView<LogLine> list) {
        return list.lookupAll(".list-cell").stream().anyMatch(n -> n instanceof ListCell<?> c && c.isVisible()
                && c.getIndex() == list.getItems().size() - 1 && c.getItem() != null);
    }

    private static String shownText(ListView<LogLine> list, int index) throws Exception {
        Platform.runLater(() -> list.scrollTo(index));
        WaitForAsyncUtils.waitForFxEvents();
        return list.lookupAll(".list-cell").stream().filter(n -> n instanceof ListCell<?> c && c.getIndex() == index)
                .map(n -> ((ListCell<?>) n).getText()).findFirst().orElseThrow();
    }
}
