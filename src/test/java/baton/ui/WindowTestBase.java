package baton.ui;

import baton.engine.Engine;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The real window on a real engine and H2 file, as every window test starts it: a fresh data
 * directory per test, and at the end every run it started ended and the engine closed.
 * Subclasses keep {@code @ExtendWith(ApplicationExtension.class)}'s {@code @Start} as a one-line
 * call of {@link #showWindow}.
 */
@ExtendWith(ApplicationExtension.class)
abstract class WindowTestBase {
    @TempDir static Path dir;
    Engine engine;
    ExecutorService background;
    MainViewModel vm;
    MainController controller;
    Stage stage;

    /** Each test class calls this from its own {@code @Start} method (TestFX looks for it in the class itself). */
    void showWindow(Stage stage) throws Exception {
        this.stage = stage;
        engine = Engine.open(Files.createTempDirectory(dir, "data"));
        background = Executors.newVirtualThreadPerTaskExecutor();
        vm = new MainViewModel(new LocalEngineCalls(engine), background, Platform::runLater);
        controller = BatonApp.show(stage, vm);
    }

    /** Opens {@code file} in the window, trusts it and starts a run of it with the defaults; the pipeline. */
    baton.format.LoadedPipeline openTrustAndStart(Path file) throws Exception {
        Platform.runLater(() -> vm.open(file, () -> {}));
        MainWindowTest.waitUntil(() -> vm.pipelineProperty().get() != null);
        var p = vm.pipelineProperty().get();
        WaitForAsyncUtils.asyncFx(() -> vm.trust(p)).get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        Platform.runLater(() -> vm.start(p, baton.engine.RunOptions.defaults()));
        return p;
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(controller::dispose).get(10, TimeUnit.SECONDS);
        vm.cancelAll();
        for (var r : engine.liveRuns()) r.done().get(20, TimeUnit.SECONDS);
        engine.close();
        background.shutdownNow();
    }
}
