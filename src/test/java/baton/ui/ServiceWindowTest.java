package baton.ui;

import baton.client.RemoteClient;
import baton.client.RunHandle;
import baton.client.ServiceConnector;
import baton.client.StartRequest;
import baton.engine.RunOptions;
import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import baton.model.RunId;
import baton.model.RunStatus;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
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
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static baton.ui.MainWindowTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real window as a client of a real background service (in this JVM, reached through its
 * socket), with a terminal's client beside it: runs started elsewhere are shown live and can be
 * cancelled from the window; closing the window keeps its runs going, and a new window shows them.
 */
@ExtendWith(ApplicationExtension.class)
class ServiceWindowTest {
    @TempDir static Path dir;
    Path data;
    Process service;
    RemoteClient terminal;
    ExecutorService background;
    MainViewModel vm;
    MainController controller;
    Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        data = Files.createTempDirectory(dir, "data");
        service = baton.BatonProcess.service(data); // a process of its own, so a test can kill it
        terminal = ServiceConnector.connectIfRunning(data).orElseThrow();
        background = Executors.newVirtualThreadPerTaskExecutor();
        vm = window(stage);
        controller = BatonApp.show(stage, vm);
        vm.followServiceRuns();
    }

    private MainViewModel window(Stage stage) {
        return new MainViewModel(new RemoteEngineCalls(() -> ServiceConnector.connect(data, System.getenv())), background, Platform::runLater);
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(controller::dispose).get(10, TimeUnit.SECONDS);
        terminal.close();
        baton.BatonProcess.stopService(data); // cancels what is still live, and waits for the service to let go
        background.shutdownNow();
    }

    private LoadedPipeline pipeline(String yaml) throws Exception {
        return PipelineLoader.load(Files.writeString(dir.resolve("p-" + System.nanoTime() + ".baton.yaml"), yaml));
    }

    private static final String SLOW = """
            pipeline: slow
            phases:
              - id: quick
                run: "true"
              - id: long
                needs: [quick]
                run: sleep 60
            """;

    @Test
    void aRunStartedFromATerminalIsShownLiveAndTheWindowCancelsIt(FxRobot robot) throws Exception {
        RunHandle run = terminal.start(StartRequest.of(pipeline(SLOW), RunOptions.defaults()), null).runs().getFirst();

        waitUntil(() -> run.id().equals(vm.timeline().shownId()) && vm.timeline().shownRunLiveProperty().get());
        // the service's count across runs: its long job (no max_jobs is set, so no "of N")
        assertThat(terminal.status().maxJobs()).isZero();
        waitUntil(() -> robot.lookup("#slotsLabel").queryLabeled().getText().equals("Jobs running 1"));
        waitUntil(() -> !robot.lookup("#cancelButton").queryButton().isDisabled());
        robot.clickOn("#cancelButton");

        assertThat(run.done().get(30, TimeUnit.SECONDS)).isEqualTo(RunStatus.CANCELLED);
        waitUntil(() -> !vm.timeline().shownRunLiveProperty().get());
        assertThat(vm.drivenRuns().count()).as("no run is live any more").isZero();
        waitUntil(() -> robot.lookup("#slotsLabel").queryLabeled().getText().equals("Jobs running 0"));
    }

    @Test
    void closingKeepsTheWindowsRunGoingByDefaultAndANewWindowShowsItLive(FxRobot robot) throws Exception {
        LoadedPipeline slow = pipeline(SLOW);
        RunId id = WaitForAsyncUtils.asyncFx(() -> vm.start(slow, RunOptions.defaults())).get(10, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
        waitUntil(() -> vm.liveRunCount() == 1);

        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitUntil(() -> robot.lookup(".dialog-pane .button").queryAll().stream()
                .anyMatch(n -> n instanceof Button b && b.getText().startsWith("Keep running") && b.isDefaultButton()));
        robot.type(KeyCode.ENTER); // the default answer
        waitUntil(() -> !stage.isShowing());
        WaitForAsyncUtils.asyncFx(controller::dispose).get(10, TimeUnit.SECONDS);
        assertThat(terminal.status().liveRuns()).as("the run goes on without its window").containsExactly(id);

        Stage second = WaitForAsyncUtils.asyncFx(() -> new Stage()).get(10, TimeUnit.SECONDS);
        vm = window(second);
        controller = WaitForAsyncUtils.asyncFx(() -> BatonApp.show(second, vm)).get(10, TimeUnit.SECONDS);
        Platform.runLater(vm::followServiceRuns);
        waitUntil(() -> id.equals(vm.timeline().shownId()) && vm.timeline().shownRunLiveProperty().get());
        assertThat(vm.liveRunCount()).isEqualTo(1);
        Platform.runLater(second::hide);
    }

    @Test
    void whenTheServiceIsKilledTheWindowShowsTheRunInterruptedAndResumesItThroughANewOne(FxRobot robot) throws Exception {
        Path go = dir.resolve("go-" + System.nanoTime());
        Path pidFile = dir.resolve("pid-" + System.nanoTime());
        LoadedPipeline crash = pipeline("""
                pipeline: crash
                phases:
                  - id: first
                    run: "true"
                  - id: slow
                    needs: [first]
                    run: echo $$ > %s; [ -e %s ] || sleep 60
                """.formatted(pidFile, go));
        StartRequest one = StartRequest.of(crash, RunOptions.defaults());
        RunId id = terminal.start(new StartRequest(one.pipeline(), one.options(), null, one.limit(), false, true), null).runs().getFirst().id();
        waitUntil(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        waitUntil(() -> id.equals(vm.timeline().shownId()) && vm.timeline().shownRunLiveProperty().get());

        service.destroyForcibly(); // SIGKILL: the service has no chance to say anything
        assertThat(service.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Files.createFile(go);

        // the window hears the loss, reads the run again through a new service, which recovered it
        waitUntil(() -> vm.timeline().shownRunProperty().get() != null && vm.timeline().shownRunProperty().get().status() == RunStatus.INTERRUPTED);
        waitUntil(() -> !robot.lookup("#resumeButton").queryButton().isDisabled());
        robot.clickOn("#resumeButton");
        waitUntil(() -> vm.timeline().shownRunProperty().get().status() == RunStatus.SUCCEEDED);
        assertThat(vm.gantt().row("first").attempt()).as("what succeeded did not run again").isEqualTo(1);
        assertThat(vm.gantt().row("slow").attempt()).isEqualTo(2);
    }

    @Test
    void aRunATerminalStartedIsApprovedAndCancelledFromTheWindow(FxRobot robot) throws Exception {
        LoadedPipeline checkpoint = pipeline("""
                pipeline: translations
                phases:
                  - id: translate
                    run: echo translated
                  - id: extract
                    needs: [translate]
                    approve: "Check the translations before extraction"
                    run: echo extracted
                  - id: publish
                    needs: [extract]
                    run: sleep 60
                """);
        RunHandle run = terminal.start(StartRequest.of(checkpoint, RunOptions.defaults()), null).runs().getFirst();
        waitUntil(() -> run.id().equals(vm.timeline().shownId()) && vm.gantt().row("extract") != null
                && vm.gantt().row("extract").status() == baton.model.JobStatus.AWAITING_APPROVAL);

        MainWindowTest.clickRow(robot, "extract", javafx.scene.input.MouseButton.PRIMARY);
        waitUntil(() -> robot.lookup("#approvalBox").query().isVisible() && !robot.lookup("#approveButton").queryButton().isDisabled());
        assertThat(robot.lookup("#approvalQuestion").queryAs(javafx.scene.control.Label.class).getText())
                .isEqualTo("Check the translations before extraction");
        robot.clickOn("#approveButton");
        // the window hears the run's own events: publish starts live on the chart
        waitUntil(() -> vm.gantt().row("publish").status() == baton.model.JobStatus.RUNNING);
        waitUntil(() -> !robot.lookup("#approvalBox").query().isVisible());

        robot.clickOn("#cancelButton");
        assertThat(run.done().get(30, TimeUnit.SECONDS)).as("the terminal's run, cancelled from the window").isEqualTo(RunStatus.CANCELLED);
        waitUntil(() -> vm.gantt().row("publish").status() == baton.model.JobStatus.CANCELLED);
        waitUntil(() -> robot.lookup("#cancelButton").queryButton().isDisabled());
    }

}
