package baton.ui;

import baton.engine.Engine;
import baton.model.JobStatus;
import baton.model.RunStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import javafx.application.Platform;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real window, driven by TestFX robots (under Xvfb in CI), on a real engine and H2 file. */
class MainWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    private Path pipeline(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve(name), yaml);
    }

    /**
     * Waits up to 30 s for {@code condition}, asked from the test's thread. A lookup there can
     * race the FX thread changing the scene graph (JavaFX's lookupAll then throws a
     * NullPointerException, seen once in CI): such a throw counts as "not yet", and the last one
     * is reported if the condition never holds.
     */
    static void waitUntil(Callable<Boolean> condition) throws Exception {
        RuntimeException[] last = new RuntimeException[1];
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
                try {
                    return condition.call();
                } catch (RuntimeException e) {
                    last[0] = e;
                    return false;
                }
            });
        } catch (java.util.concurrent.TimeoutException e) {
            if (last[0] != null) e.addSuppressed(last[0]);
            throw e;
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Clicks the row of {@code job} on the chart, near its label. */
    static void clickRow(FxRobot robot, String job, javafx.scene.input.MouseButton button) {
        GanttChart chart = robot.lookup("#gantt").queryAs(GanttChart.class);
        GanttModel m = chart.getModel();
        int line = m.lines().indexOf(m.lines().stream().filter(l -> !l.isHeader() && l.row().jobId().equals(job)).findFirst().orElseThrow());
        var bounds = chart.localToScreen(chart.getBoundsInLocal());
        robot.clickOn(bounds.getMinX() + 60, bounds.getMinY() + 24 + line * chart.rowHeightProperty().get() + 11, button);
    }

    /** Clicks a button of the dialog on top (its text alone could also match a menu). */
    static void clickDialogButton(FxRobot robot, String text) throws Exception {
        waitUntil(() -> robot.lookup(".dialog-pane .button").queryAll().stream()
                .anyMatch(n -> n instanceof javafx.scene.control.Button b && text.equals(b.getText()) && b.isVisible()));
        var button = robot.lookup(".dialog-pane .button").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.Button b && text.equals(b.getText()) && b.isVisible())
                .reduce((a, b) -> b).orElseThrow();
        robot.clickOn(button);
    }

    private void open(Path file) throws Exception {
        Platform.runLater(() -> vm.open(file, () -> {}));
        waitUntil(() -> vm.pipelineProperty().get() != null || !vm.problems().isEmpty());
    }

    private static final String COURSE = """
            pipeline: course
            params: { language: es }
            phases:
              - id: translate
                run: echo "translating to $language"; sleep 0.3
              - id: extract
                needs: [translate]
                run: echo extracting >&2; sleep 0.2
              - id: baskets
                needs: [extract]
                retries: { max: 1, delay: 100ms }
                run: echo "baskets attempt $BATON_ATTEMPT"; [ "$BATON_ATTEMPT" -ge 2 ]
              - id: intro
                needs: [extract]
                run: echo intro; sleep 0.4
              - id: manifest
                needs: [baskets, intro]
                run: echo "files=3" >> "$BATON_OUTPUT"
              - id: audio
                needs: [manifest]
                optional: true
                confirm: "This phase calls the paid text-to-speech service. Switch it on?"
                run: echo audio
            """;

    @Test
    void opensAFileAndShowsItsJobsBeforeTheFirstRun(FxRobot robot) throws Exception {
        open(pipeline("course.yaml", COURSE));
        GanttModel m = robot.lookup("#gantt").queryAs(GanttChart.class).getModel();
        assertThat(m.jobCount()).isEqualTo(6);
        assertThat(stage.getTitle()).contains("course");
        assertThat(robot.lookup("#runButton").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#cancelButton").queryButton().isDisabled()).isTrue();
    }

    @Test
    void anInvalidFileShowsItsLocatedErrorsNotAStackTrace(FxRobot robot) throws Exception {
        Path bad = pipeline("bad.yaml", "pipeline: bad\nphases:\n  - id: a\n    needs: [nope]\n    run: x\n");
        open(bad);
        @SuppressWarnings("unchecked")
        ListView<String> problems = robot.lookup("#problemList").queryAs(ListView.class);
        assertThat(problems.isVisible()).isTrue();
        assertThat(problems.getItems()).containsExactly(bad + ":4:13: phase 'a' needs unknown phase 'nope'");
        assertThat(robot.lookup("#runButton").queryButton().isDisabled()).isTrue();
    }

    @Test
    void trustThenRunShowsTheLiveGanttTheJobAndItsLog(FxRobot robot) throws Exception {
        open(pipeline("course-run.yaml", COURSE));
        robot.clickOn("#runButton");
        // first run of a file never seen: its commands, and a question
        waitUntil(() -> robot.lookup("#trust-commands").tryQuery().isPresent());
        String commands = robot.lookup("#trust-commands").queryTextInputControl().getText();
        assertThat(commands).contains("translate:  echo \"translating to $language\"; sleep 0.3").contains("audio (optional):");
        clickDialogButton(robot, "Trust and continue");
        waitUntil(() -> robot.lookup("#param-language").tryQuery().isPresent());
        robot.doubleClickOn("#param-language").write("fr");
        clickDialogButton(robot, "Run");
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status() != RunStatus.RUNNING);
        var run = vm.shownRunProperty().get();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.params()).containsEntry("language", "fr");
        GanttModel m = robot.lookup("#gantt").queryAs(GanttChart.class).getModel();
        assertThat(m.row("baskets").attempt()).isEqualTo(2);
        // one bar per attempt: queued, a failed attempt, the retry wait, queued, the good attempt
        assertThat(m.row("baskets").segments()).extracting(s -> s.status())
                .containsExactly(JobStatus.QUEUED, JobStatus.FAILED, JobStatus.RETRYING, JobStatus.QUEUED, JobStatus.SUCCEEDED);
        assertThat(m.row("audio").status()).isEqualTo(JobStatus.SKIPPED);
        assertThat(robot.lookup("#countsLabel").queryAs(Label.class).getText()).contains("5 succeeded").contains("1 skipped");
        // click the 'translate' row: its details and its log
        GanttChart chart = robot.lookup("#gantt").queryAs(GanttChart.class);
        int line = m.lines().indexOf(m.lines().stream().filter(l -> !l.isHeader() && l.row().jobId().equals("translate")).findFirst().orElseThrow());
        var bounds = chart.localToScreen(chart.getBoundsInLocal());
        robot.clickOn(bounds.getMinX() + 60, bounds.getMinY() + 24 + line * 22 + 11);
        waitUntil(() -> "translate".equals(vm.selectedJobProperty().get()) && vm.selectedJobRecordProperty().get() != null);
        waitUntil(() -> !robot.lookup("#logList").queryListView().getItems().isEmpty());
        assertThat(robot.lookup("#jobState").queryAs(Label.class).getText()).isEqualTo("succeeded");
        assertThat(robot.lookup("#logList").queryListView().getItems()).extracting(Object::toString).anyMatch(s -> s.contains("translating to fr"));
        // stderr filter: extract wrote only to stderr
        Platform.runLater(() -> vm.selectedJobProperty().set("extract"));
        waitUntil(() -> robot.lookup("#logList").queryListView().getItems().size() == 1);
        robot.clickOn("#stderrOnly");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#logList").queryListView().getItems()).hasSize(1);
        Platform.runLater(() -> vm.selectedJobProperty().set("translate"));
        waitUntil(() -> robot.lookup("#logList").queryListView().getItems().isEmpty());
        // the run is in the history
        waitUntil(() -> !vm.history().rows().isEmpty());
        assertThat(vm.history().rows().getFirst().run().id()).isEqualTo(run.id());
    }

    /** A folder with a pipeline file and the script its phase runs, as a person would get it. */
    private Path showFolder(String name, String script) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name).resolve("phases"));
        Files.writeString(d.resolve("parse.sh"), script);
        return pipeline(name + "/lights.yaml", "pipeline: lights\nphases:\n  - id: parse\n    run: sh ./phases/parse.sh\n");
    }

    static javafx.scene.control.Button dialogButton(FxRobot robot, String text) throws Exception {
        waitUntil(() -> robot.lookup(".dialog-pane .button").queryAll().stream()
                .anyMatch(n -> n instanceof javafx.scene.control.Button b && text.equals(b.getText())));
        return robot.lookup(".dialog-pane .button").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.Button b && text.equals(b.getText()))
                .map(javafx.scene.control.Button.class::cast).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void aCopyOfATrustedFileNextToAnotherScriptAsksAgainAndNamesTheScript(FxRobot robot) throws Exception {
        Path original = showFolder("trusted-show", "echo parse\n");
        Path copy = showFolder("downloaded-show", "echo 'not what you trusted'\n");
        open(original);
        robot.clickOn("#runButton");
        waitUntil(() -> robot.lookup("#trust-commands").tryQuery().isPresent());
        assertThat(robot.lookup("#trust-changes").tryQuery()).as("a first run has nothing to compare with").isEmpty();
        clickDialogButton(robot, "Trust and continue");
        clickDialogButton(robot, "Cancel"); // the Run dialog: trusted, not run

        open(copy);
        waitUntil(() -> vm.pipelineProperty().get().sourcePath().equals(copy.toString()));
        robot.clickOn("#runButton");
        waitUntil(() -> robot.lookup("#trust-changes").tryQuery().isPresent());
        assertThat(robot.lookup("#trust-changes").queryTextInputControl().getText()).isEqualTo(
                "a different file (" + copy + ") with the same content as " + original + ", which was trusted\n"
                        + "changed: phases/parse.sh");
        assertThat(robot.lookup("#trust-commands").queryTextInputControl().getText()).isEqualTo("parse:  sh ./phases/parse.sh");
        // Enter, pressed out of habit, takes the safe answer
        assertThat(dialogButton(robot, "Cancel").isDefaultButton()).isTrue();
        assertThat(dialogButton(robot, "Trust and continue").isDefaultButton()).isFalse();
        robot.type(javafx.scene.input.KeyCode.ENTER);
        waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isEmpty());
        assertThat(vm.messageProperty().get()).isEqualTo("Not run: lights.yaml is not trusted");
        assertThat(engine.checkTrust(vm.pipelineProperty().get()).trusted()).isFalse();

        // the original, unchanged, goes straight to the Run dialog
        open(original);
        waitUntil(() -> vm.pipelineProperty().get().sourcePath().equals(original.toString()));
        robot.clickOn("#runButton");
        dialogButton(robot, "Run");
        assertThat(robot.lookup("#trust-commands").tryQuery()).isEmpty();
        clickDialogButton(robot, "Cancel");
    }

    @Test
    void switchingOnAConfirmPhaseAsksInItsOwnWords(FxRobot robot) throws Exception {
        Path p = pipeline("course-confirm.yaml", COURSE);
        open(p);
        Platform.runLater(() -> vm.trust(vm.pipelineProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#runButton");
        waitUntil(() -> robot.lookup("#switch-audio").tryQuery().isPresent());
        CheckBox audio = robot.lookup("#switch-audio").queryAs(CheckBox.class);
        assertThat(audio.isSelected()).isFalse();
        robot.clickOn("#switch-audio");
        waitUntil(() -> robot.lookup("This phase calls the paid text-to-speech service. Switch it on?").tryQuery().isPresent());
        // Enter answers with the safe button: the paid phase stays off
        assertThat(robot.lookup(".dialog-pane .button").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.Button b && b.isDefaultButton()
                        && (b.getText().equals("Yes") || b.getText().equals("No")))
                .map(n -> ((javafx.scene.control.Button) n).getText()).toList()).containsExactly("No");
        robot.type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(audio.isSelected()).isFalse();
        robot.clickOn("#switch-audio");
        waitUntil(() -> robot.lookup("This phase calls the paid text-to-speech service. Switch it on?").tryQuery().isPresent());
        clickDialogButton(robot, "Yes");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(audio.isSelected()).isTrue();
        clickDialogButton(robot, "Run");
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status() != RunStatus.RUNNING);
        GanttModel m = robot.lookup("#gantt").queryAs(GanttChart.class).getModel();
        assertThat(m.row("audio").status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void cancelEndsTheLiveRun(FxRobot robot) throws Exception {
        open(pipeline("long.yaml", "pipeline: long\nphases:\n  - id: wait\n    run: sleep 60\n  - id: after\n    needs: [wait]\n    run: \"true\"\n"));
        Platform.runLater(() -> vm.trust(vm.pipelineProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#runButton");
        clickDialogButton(robot, "Run");
        waitUntil(() -> vm.gantt().row("wait") != null && vm.gantt().row("wait").status() == JobStatus.RUNNING);
        assertThat(robot.lookup("#cancelButton").queryButton().isDisabled()).isFalse();
        robot.clickOn("#cancelButton");
        waitUntil(() -> vm.shownRunProperty().get().status() == RunStatus.CANCELLED);
        assertThat(vm.gantt().row("after").status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(robot.lookup("#cancelButton").queryButton().isDisabled()).isTrue();
    }

    @Test
    void droppedBinariesChangeNothing(FxRobot robot) throws Exception {
        // (a dropped folder opens as a pipeline: see DropScriptWindowTest)
        open(pipeline("keep.yaml", "pipeline: keep\nphases:\n  - id: a\n    run: \"true\"\n"));
        var before = vm.pipelineProperty().get();
        Path bin = Files.write(dir.resolve("image.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
        assertThat(DropScriptWindowTest.drop(stage.getScene(), List.of(bin))).isTrue();
        // the file is looked at off the FX thread
        waitUntil(() -> vm.messageProperty().get().contains("binary"));
        assertThat(vm.pipelineProperty().get()).isSameAs(before);
    }


    @Test
    void retryRunsTheFailedJobAgainInPlaceAndUnblocksItsDependents(FxRobot robot) throws Exception {
        Path fixed = dir.resolve("fixed-" + System.nanoTime());
        open(pipeline("flaky.yaml", """
                pipeline: flaky
                phases:
                  - id: build
                    run: "true"
                  - id: test
                    needs: [build]
                    run: '[ -e %s ]'
                  - id: deploy
                    needs: [test]
                    run: "true"
                """.formatted(fixed)));
        Platform.runLater(() -> vm.trust(vm.pipelineProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#runButton");
        clickDialogButton(robot, "Run");
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status() == RunStatus.FAILED);
        assertThat(vm.gantt().row("deploy").status()).isEqualTo(JobStatus.BLOCKED);
        waitUntil(() -> !robot.lookup("#retryButton").queryButton().isDisabled());
        var runId = vm.shownRunProperty().get().id();
        Files.createFile(fixed);
        robot.clickOn("#retryButton");
        // the person sees what will run again before it does
        waitUntil(() -> robot.lookup("#retry-plan").tryQuery().isPresent());
        assertThat(robot.lookup("#retry-test").queryAs(CheckBox.class).getText()).isEqualTo("test  —  failed (exit 1)");
        assertThat(robot.lookup("#retry-deploy").queryAs(CheckBox.class).getText()).isEqualTo("deploy  —  blocked by test, which runs again");
        clickDialogButton(robot, "Retry");
        waitUntil(() -> vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED);
        assertThat(vm.shownRunProperty().get().id()).isEqualTo(runId);
        var test = vm.gantt().row("test");
        assertThat(test.attempt()).isEqualTo(2);
        // one timeline: the failed first attempt is still drawn before the second
        assertThat(test.segments()).extracting(s -> s.status()).containsSubsequence(JobStatus.FAILED, JobStatus.SUCCEEDED);
        assertThat(vm.gantt().row("deploy").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(robot.lookup("#retryButton").queryButton().isDisabled()).isTrue();
    }

    @Test
    void allLiveRunsShareOneTimelineOneLaneEach(FxRobot robot) throws Exception {
        open(pipeline("two.yaml", "pipeline: two\nphases:\n  - id: w\n    run: sleep 30\n"));
        var p = vm.pipelineProperty().get();
        Platform.runLater(() -> {
            vm.start(p, baton.engine.RunOptions.defaults());
            vm.start(p, baton.engine.RunOptions.defaults());
        });
        waitUntil(() -> vm.liveRunCount() == 2);
        robot.clickOn("#allLiveButton");
        // the live runs are read off the FX thread
        waitUntil(() -> vm.gantt().jobCount() == 2);
        var m = vm.gantt();
        assertThat(m.jobCount()).isEqualTo(2);
        assertThat(m.lines().stream().filter(l -> l.isHeader()).count()).isEqualTo(2);
        waitUntil(() -> m.lines().stream().filter(l -> !l.isHeader()).allMatch(l -> l.row().status() == JobStatus.RUNNING));
    }

    @Test
    void closingWithLiveRunsAsksAndCanCancelThem(FxRobot robot) throws Exception {
        Platform.setImplicitExit(false);
        open(pipeline("closing.yaml", "pipeline: closing\nphases:\n  - id: w\n    run: sleep 30\n"));
        var p = vm.pipelineProperty().get();
        Platform.runLater(() -> vm.start(p, baton.engine.RunOptions.defaults()));
        waitUntil(() -> vm.liveRunCount() == 1);
        Platform.runLater(() -> stage.fireEvent(new javafx.stage.WindowEvent(stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitUntil(() -> robot.lookup("Runs are still going").tryQuery().isPresent());
        clickDialogButton(robot, "Cancel runs and quit");
        waitUntil(() -> vm.liveRunCount() == 0);
        assertThat(engine.runs(1).getFirst().status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void inputFilesDroppedOnAnOpenPipelineStartOneRunEach(FxRobot robot) throws Exception {
        open(pipeline("inputs.yaml", "pipeline: inputs\ninput: [\"*.txt\"]\nphases:\n  - id: read\n    run: cat \"$BATON_INPUT\"\n"));
        Platform.runLater(() -> vm.trust(vm.pipelineProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        Path one = Files.writeString(dir.resolve("one.txt"), "one");
        Path two = Files.writeString(dir.resolve("two.txt"), "two");
        int before = engine.runs(1000).size();
        assertThat(DropScriptWindowTest.drop(stage.getScene(), List.of(one, two))).isTrue();
        waitUntil(() -> engine.runs(1000).size() == before + 2 && engine.runs(2).stream().allMatch(r -> r.status().isTerminal()));
        waitUntil(() -> vm.liveRunCount() == 0);
        var runs = engine.runs(2);
        assertThat(runs).extracting(r -> r.input()).containsExactlyInAnyOrder(one.toString(), two.toString());
        assertThat(runs).allMatch(r -> r.status() == RunStatus.SUCCEEDED);
    }

    @Test
    void aBinaryDroppedOnAPipelineTakingTextIsRefusedAndStartsNothing(FxRobot robot) throws Exception {
        open(pipeline("text-inputs.yaml", "pipeline: textin\ninput: [\"*.txt\"]\nphases:\n  - id: read\n    run: cat \"$BATON_INPUT\"\n"));
        Platform.runLater(() -> vm.trust(vm.pipelineProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        Path binary = Files.write(dir.resolve("scan.txt"), new byte[]{'%', 'P', 'D', 'F', 0, 1, 2});
        int before = engine.runs(1000).size();
        assertThat(DropScriptWindowTest.drop(stage.getScene(), List.of(binary))).isTrue();
        waitUntil(() -> vm.messageProperty().get().startsWith("Nothing was started"));
        assertThat(vm.messageProperty().get()).isEqualTo("Nothing was started: scan.txt is a binary file; the pipeline takes text input (*.txt)");
        assertThat(engine.runs(1000)).hasSize(before);
        assertThat(vm.liveRunCount()).isZero();
    }

    @Test
    void aRoadmapRunFromTheWindowCanSkipTheGroupsAlreadyDone(FxRobot robot) throws Exception {
        Path fail = dir.resolve("fail-B");
        Files.deleteIfExists(fail);
        Files.createFile(fail);
        Path rm = pipeline("ROADMAP.md", """
                # Roadmap: Window
                Worker: `true`
                Gate: `[ ! -e fail-$TASK_GROUP ]`

                ## Phase 1: One
                ### Group A: First
                - A1: a
                ### Group B: Second
                - B1: b
                """);
        open(rm);
        Platform.runLater(() -> vm.trust(vm.pipelineProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#runButton");
        clickDialogButton(robot, "Run");
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status() == RunStatus.FAILED);
        Files.delete(fail);
        robot.clickOn("#runButton");
        waitUntil(() -> robot.lookup("#skip-done").tryQuery().isPresent());
        robot.clickOn("#skip-done");
        clickDialogButton(robot, "Run");
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED);
        assertThat(vm.gantt().row("A1").status()).isEqualTo(JobStatus.SKIPPED);
        assertThat(vm.gantt().row("gate-B").status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void theGanttZoomsWithCtrlWheelAndTellsTheDetailsOnHover(FxRobot robot) throws Exception {
        // (the job is selected first: the tooltip and the job panel then tell the same duration)
        open(pipeline("hover.yaml", "pipeline: hover\nphases:\n  - id: only\n    run: sleep 0.5\n"));
        Platform.runLater(() -> vm.trust(vm.pipelineProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#runButton");
        clickDialogButton(robot, "Run");
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED);
        GanttChart chart = robot.lookup("#gantt").queryAs(GanttChart.class);
        Platform.runLater(() -> vm.selectedJobProperty().set("only"));
        waitUntil(() -> !robot.lookup("#jobDuration").queryAs(Label.class).getText().isEmpty());
        String panelDuration = robot.lookup("#jobDuration").queryAs(Label.class).getText();
        Platform.runLater(chart::fit);
        WaitForAsyncUtils.waitForFxEvents();
        var b = chart.localToScreen(chart.getBoundsInLocal());
        double before = chart.msPerPixelProperty().get();
        robot.moveTo(b.getMinX() + chart.labelWidth() + 100, b.getMinY() + 24 + 11);
        robot.press(javafx.scene.input.KeyCode.CONTROL).scroll(2, javafx.geometry.VerticalDirection.UP).release(javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chart.msPerPixelProperty().get()).isNotEqualTo(before);
        // hover over the bar: a tooltip names the job, its state and the attempt's times
        Platform.runLater(chart::fit);
        WaitForAsyncUtils.waitForFxEvents();
        // the bar's place on a fitted axis depends on how long the job waited to start: look along the row for it
        javafx.scene.control.Tooltip tip = null;
        for (double at : new double[]{0.5, 0.35, 0.65, 0.8, 0.2, 0.9}) {
            robot.moveTo(b.getMinX() + chart.labelWidth() + (b.getWidth() - chart.labelWidth()) * at, b.getMinY() + 24 + 11);
            robot.moveBy(2, 0);
            try {
                WaitForAsyncUtils.waitFor(4, TimeUnit.SECONDS, () -> javafx.stage.Window.getWindows().stream().anyMatch(w -> w instanceof javafx.scene.control.Tooltip t
                        && t.isShowing() && t.getText() != null && t.getText().contains("(attempt 1): ")));
            } catch (java.util.concurrent.TimeoutException notHere) {
                continue;
            }
            tip = (javafx.scene.control.Tooltip) javafx.stage.Window.getWindows().stream()
                    .filter(w -> w instanceof javafx.scene.control.Tooltip t && t.isShowing()).findFirst().orElseThrow();
            break;
        }
        assertThat(tip).as("a tooltip over the job's bar").isNotNull();
        assertThat(tip.getText()).startsWith("only  ·  succeeded  ·  attempt 1").contains("succeeded (attempt 1): ").contains("ms)")
                .endsWith("(" + panelDuration + ")");
    }
}
