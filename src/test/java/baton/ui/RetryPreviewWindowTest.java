package baton.ui;

import baton.engine.RunOptions;
import baton.model.RunStatus;
import javafx.application.Platform;
import javafx.scene.control.CheckBox;
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

/** The retry preview says why each job runs again, lets the jobs asked for be left out, and lists succeeded ones only on request. */
class RetryPreviewWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    private CheckBox box(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(CheckBox.class);
    }

    @Test
    void eachJobRunningAgainSaysWhyAndAskedForOnesCanBeLeftOut(FxRobot robot) throws Exception {
        Path fixed = dir.resolve("fixed-" + System.nanoTime());
        Path file = Files.writeString(dir.resolve("retry.yaml"), """
                pipeline: retry
                phases:
                  - id: build
                    run: "true"
                  - id: test
                    needs: [build]
                    run: '[ -e %s ]'
                  - id: lint
                    run: exit 4
                  - id: deploy
                    needs: [test]
                    run: "true"
                  - id: notify
                    needs: [{ phase: test, when: always }]
                    run: "true"
                """.formatted(fixed));
        var p = openTrustAndStart(file);
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status() == RunStatus.FAILED);
        waitUntil(() -> !robot.lookup("#retryButton").queryButton().isDisabled());
        Files.createFile(fixed);
        robot.clickOn("#retryButton");
        waitUntil(() -> robot.lookup("#retry-test").tryQuery().isPresent());

        assertThat(box(robot, "retry-test").getText()).isEqualTo("test  —  failed (exit 1)");
        assertThat(box(robot, "retry-lint").getText()).isEqualTo("lint  —  failed (exit 4)");
        assertThat(box(robot, "retry-deploy").getText()).isEqualTo("deploy  —  blocked by test, which runs again");
        // what comes with another job cannot be left out by itself
        assertThat(box(robot, "retry-deploy").isDisabled()).isTrue();
        assertThat(box(robot, "retry-test").isDisabled()).isFalse();
        // the job that had succeeded is not listed until asked for, and then says why
        assertThat(robot.lookup("#retry-notify").tryQuery()).isEmpty();
        assertThat(box(robot, "retry-show-succeeded").isVisible()).isTrue();
        robot.clickOn("#retry-show-succeeded");
        waitUntil(() -> robot.lookup("#retry-notify").tryQuery().isPresent());
        assertThat(box(robot, "retry-notify").getText()).isEqualTo("notify  —  depends on test, which runs again (had succeeded on its old outcome)");

        // lint is left out: the plan is read again without it
        robot.clickOn("#retry-lint");
        waitUntil(() -> box(robot, "retry-lint").getText().equals("lint  —  left out"));
        clickDialogButton(robot, "Retry");
        waitUntil(() -> vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED
                || vm.shownRunProperty().get().status() == RunStatus.FAILED && vm.gantt().row("test").attempt() == 2);
        assertThat(vm.gantt().row("test").attempt()).isEqualTo(2);
        assertThat(vm.gantt().row("deploy").attempt()).isEqualTo(1);
        assertThat(vm.gantt().row("lint").attempt()).as("left out: not run again").isEqualTo(1);
    }
}
