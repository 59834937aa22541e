package baton.ui;

import baton.engine.Engine;
import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The window's view models without a window: a real engine on a real H2 file, and executors the
 * test runs by hand (or at once), so what happens on which thread, and in which order, is the
 * test's to choose. JavaFX properties need no toolkit; no FX thread is involved.
 */
abstract class WindowState {
    /** Runs what was handed to it only when told to: the test decides when "later" is. */
    static final class ByHand implements Executor {
        private final Queue<Runnable> waiting = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable r) {
            waiting.add(r);
        }

        /** Runs everything handed over, including what those hand over in turn. */
        void runAll() {
            Runnable r;
            while ((r = next()) != null) r.run();
        }

        private synchronized Runnable next() {
            return waiting.poll();
        }
    }

    @TempDir Path dir;
    Engine engine;
    MainViewModel vm;

    @BeforeEach
    void openEngine() {
        engine = Engine.open(dir.resolve("data"));
    }

    @AfterEach
    void closeEngine() throws Exception {
        for (var r : engine.liveRuns()) {
            r.cancel();
            r.done().get(20, TimeUnit.SECONDS);
        }
        engine.close();
    }

    /** The view model on this engine, its background work and its "FX" work run by {@code background} and {@code fx}. */
    MainViewModel viewModel(Executor background, Executor fx) {
        vm = new MainViewModel(new LocalEngineCalls(engine), background, fx);
        return vm;
    }

    LoadedPipeline pipeline(String name, String yaml) throws Exception {
        return PipelineLoader.load(Files.writeString(dir.resolve(name), yaml));
    }

    /** Waits, taking the engine's events in as the window does once a frame, until {@code condition} holds. */
    void framesUntil(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            vm.drainEvents();
            return condition.call();
        });
    }
}
