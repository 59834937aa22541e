package baton.ui;

import baton.engine.Engine;
import baton.model.JobStatus;
import baton.model.RunStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static baton.ui.MainWindowTest.clickDialogButton;
import static baton.ui.MainWindowTest.dialogButton;
import static baton.ui.MainWindowTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Approval checkpoints in the real window: the waiting job's question with Approve and Reject,
 * "Mark done (skip)" on the timeline's context menu, the hint when a job starts to wait, and
 * requests to a run another Baton process drives (opened from the history).
 */
class ApprovalWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }
    final List<String> notified = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static final String QUESTION = "Check the translations before extraction";
    private static final String CHECKPOINT = """
            pipeline: translations
            phases:
              - id: translate
                run: echo translated
              - id: extract
                needs: [translate]
                approve: "%s"
                run: echo extracted
              - id: publish
                needs: [extract]
                run: %s
            """;

    private Path checkpoint(String name, String publish) throws Exception {
        return Files.writeString(dir.resolve(name), CHECKPOINT.formatted(QUESTION, publish));
    }

    /** Opens the file, trusts it, runs it with the Run dialog, and waits until extract waits for a person. */
    /** Every line the status bar said, in order: a later message may replace the hint before a check looks. */
    private final List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();

    private void runUntilTheCheckpoint(FxRobot robot, Path file) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> vm.messageProperty().addListener((o, was, now) -> said.add(now))).get(10, TimeUnit.SECONDS);
        Platform.runLater(() -> vm.open(file, () -> {}));
        waitUntil(() -> vm.pipelineProperty().get() != null && vm.pipelineProperty().get().sourcePath().equals(file.toString()));
        Platform.runLater(() -> vm.trust(vm.pipelineProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        // started through the view model as the Run dialog would: these tests are about the checkpoint, and the
        // dialog's own test is MainWindowTest's (under a loaded CI a click on Run could land before the window settled)
        Platform.runLater(() -> vm.start(baton.engine.RunOptions.defaults()));
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.gantt().row("extract") != null
                && vm.gantt().row("extract").status() == JobStatus.AWAITING_APPROVAL);
    }

    /** Clicks a job's row on the timeline (over its label, left of the bars). */

    private boolean approvalShown(FxRobot robot) {
        return robot.lookup("#approvalBox").query().isVisible();
    }

    private static boolean anyLabelIn(Node n, String text) {
        if (n instanceof Label l && l.getText() != null && l.getText().contains(text)) return true;
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) if (anyLabelIn(c, text)) return true;
        return false;
    }

    /** A desktop notification (ControlsFX, in a popup window of its own) says {@code text}. */
    private boolean notificationSays(String text) {
        return Window.getWindows().stream().anyMatch(w -> w != stage && w.isShowing() && w.getScene() != null && anyLabelIn(w.getScene().getRoot(), text));
    }

    private void screenshot(Path png) throws Exception {
        var img = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(10, TimeUnit.SECONDS);
        Files.createDirectories(png.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", png.toFile());
    }

    @Test
    void theWaitingJobShowsItsQuestionAndApproveLetsTheRunGoOn(FxRobot robot) throws Exception {
        runUntilTheCheckpoint(robot, checkpoint("approve.yaml", "echo published"));
        // a hint where the person may look: the status bar, and a notification
        String hint = "extract waits for approval: " + QUESTION;
        waitUntil(() -> said.contains(hint));
        waitUntil(() -> notificationSays(hint));
        assertThat(approvalShown(robot)).as("nothing selected yet").isFalse();

        MainWindowTest.clickRow(robot, "extract", MouseButton.PRIMARY);
        waitUntil(() -> approvalShown(robot) && vm.selectedJobRecordProperty().get() != null);
        assertThat(robot.lookup("#approvalQuestion").queryAs(Label.class).getText()).isEqualTo(QUESTION);
        assertThat(robot.lookup("#jobState").queryAs(Label.class).getText()).isEqualTo("awaiting approval");
        assertThat(robot.lookup("#approveButton").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#rejectButton").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#skipButton").queryButton().isVisible()).isTrue();
        Platform.runLater(() -> robot.lookup("#gantt").queryAs(GanttChart.class).fit());
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300);
        screenshot(Path.of("target", "approval.png"));

        robot.clickOn("#approveButton");
        waitUntil(() -> vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED);
        waitUntil(() -> !approvalShown(robot));
        assertThat(vm.gantt().row("extract").segments()).extracting(s -> s.status())
                .containsSubsequence(JobStatus.AWAITING_APPROVAL, JobStatus.QUEUED, JobStatus.SUCCEEDED);
        assertThat(vm.gantt().row("publish").status()).isEqualTo(JobStatus.SUCCEEDED);
        waitUntil(() -> "succeeded".equals(robot.lookup("#jobState").queryAs(Label.class).getText()));
    }

    @Test
    void rejectAsksFirstThenFailsTheJobAndBlocksWhatNeedsIt(FxRobot robot) throws Exception {
        runUntilTheCheckpoint(robot, checkpoint("reject.yaml", "echo published"));
        MainWindowTest.clickRow(robot, "extract", MouseButton.PRIMARY);
        waitUntil(() -> approvalShown(robot));
        robot.clickOn("#rejectButton");
        waitUntil(() -> robot.lookup("Reject extract?").tryQuery().isPresent());
        assertThat(robot.lookup("It fails and what needs it is blocked.").tryQuery()).isPresent();
        // Enter, pressed out of habit, rejects nothing
        assertThat(dialogButton(robot, "Cancel").isDefaultButton()).isTrue();
        assertThat(dialogButton(robot, "Reject").isDefaultButton()).isFalse();
        robot.type(javafx.scene.input.KeyCode.ENTER);
        waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isEmpty());
        Thread.sleep(700); // longer than the run takes to see a request
        assertThat(vm.gantt().row("extract").status()).isEqualTo(JobStatus.AWAITING_APPROVAL);

        robot.clickOn("#rejectButton");
        clickDialogButton(robot, "Reject");
        waitUntil(() -> vm.shownRunProperty().get().status() == RunStatus.FAILED);
        assertThat(vm.gantt().row("extract").status()).isEqualTo(JobStatus.FAILED);
        assertThat(vm.gantt().row("publish").status()).isEqualTo(JobStatus.BLOCKED);
        waitUntil(() -> !approvalShown(robot));
        waitUntil(() -> ("rejected by " + System.getProperty("user.name")).equals(robot.lookup("#jobError").queryAs(Label.class).getText()));
        assertThat(robot.lookup("#jobState").queryAs(Label.class).getText()).isEqualTo("failed");
    }

    @Test
    void markDoneOnTheTimelinesContextMenuSkipsTheJobAndWhatNeedsItGoesOn(FxRobot robot) throws Exception {
        runUntilTheCheckpoint(robot, checkpoint("skip.yaml", "echo published"));
        MainWindowTest.clickRow(robot, "extract", MouseButton.SECONDARY);
        waitUntil(() -> "extract".equals(vm.selectedJobProperty().get()));
        waitUntil(() -> robot.lookup("Mark done (skip)…").tryQuery().isPresent());
        MenuItem skip = controllerMenuItem("Mark done (skip)…");
        assertThat(skip.isDisable()).isFalse();
        robot.clickOn("Mark done (skip)…");
        waitUntil(() -> robot.lookup("Mark extract done without running it?").tryQuery().isPresent());
        assertThat(dialogButton(robot, "Cancel").isDefaultButton()).isTrue();
        clickDialogButton(robot, "Mark done");
        waitUntil(() -> vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED);
        assertThat(vm.gantt().row("extract").status()).isEqualTo(JobStatus.SKIPPED);
        assertThat(vm.gantt().row("publish").status()).isEqualTo(JobStatus.SUCCEEDED);
        // a finished job has nothing to skip
        MainWindowTest.clickRow(robot, "publish", MouseButton.SECONDARY);
        waitUntil(() -> "publish".equals(vm.selectedJobProperty().get()));
        waitUntil(() -> robot.lookup("Mark done (skip)…").tryQuery().isPresent());
        assertThat(controllerMenuItem("Mark done (skip)…").isDisable()).isTrue();
        robot.type(javafx.scene.input.KeyCode.ESCAPE);
    }

    private MenuItem controllerMenuItem(String text) {
        return robot().lookup("#gantt").queryAs(GanttChart.class).getContextMenu().getItems().stream()
                .filter(i -> text.equals(i.getText())).findFirst().orElseThrow();
    }

    private static FxRobot robot() {
        return new FxRobot();
    }
}
