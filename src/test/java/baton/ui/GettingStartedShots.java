package baton.ui;

import baton.engine.Engine;
import baton.engine.RunOptions;
import baton.model.RunStatus;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Takes the pictures of docs/getting-started.md from the real window under Xvfb, one per step:
 * the course example opened, its run going, a job's log, the retry of a failed job, the Run
 * dialog with the optional phase switched on. Run it with {@code scripts/getting-started-shots.sh}.
 * The pictures are screen captures (the window and any dialog over it), not scene snapshots.
 */
public final class GettingStartedShots {
    private static Stage stage;
    private static MainViewModel vm;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/getting-started").toAbsolutePath();
        Files.createDirectories(out);
        Path example = Path.of("examples/course/course.baton.yaml").toAbsolutePath();
        Path data = Files.createTempDirectory("baton-getting-started");
        Engine engine = Engine.open(data);
        var background = Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Platform.startup(() -> {
            try {
                stage = new Stage();
                vm = new MainViewModel(new LocalEngineCalls(engine), background, Platform::runLater);
                BatonApp.show(stage, vm);
                stage.setX(0);
                stage.setY(0);
                stage.setWidth(1280);
                stage.setHeight(780);
                vm.open(example, () -> ready.complete(null));
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
        });
        ready.get(30, TimeUnit.SECONDS);
        fx(() -> { vm.trust(vm.pipelineProperty().get()); return null; });
        Thread.sleep(1500);
        shot(out.resolve("1-open.png"));

        // 2. the run going: 'intro' is made to fail on its first attempt (it has no retries)
        fx(() -> vm.start(new RunOptions(Map.of("fail_once", "intro"), Set.of(), Set.of(), null, null, false, "you")))
                .get(30, TimeUnit.SECONDS);
        Thread.sleep(1300);
        fx(() -> { gantt().fit(); return null; });
        Thread.sleep(300);
        shot(out.resolve("2-running.png"));
        waitForEnd();

        // 3. a job's log: the failed one, with its stderr line
        fx(() -> { gantt().fit(); vm.selectedJobProperty().set("intro"); return null; });
        Thread.sleep(1500);
        shot(out.resolve("3-log.png"));

        // 4. Retry failed: the window says which jobs run again, in the same run
        Platform.runLater(() -> ((Button) stage.getScene().lookup("#retryButton")).fire());
        DialogPane retry = waitForDialog(p -> p.lookup("#retry-plan") != null);
        Thread.sleep(800);
        shot(out.resolve("4-retry.png"));
        fx(() -> { ((Button) retry.lookupButton(DialogService.RETRY)).fire(); return null; });
        Thread.sleep(500);
        waitForEnd();
        fx(() -> { gantt().fit(); vm.selectedJobProperty().set("intro"); return null; });
        Thread.sleep(1500);
        shot(out.resolve("4-retried.png"));

        // 5. the Run dialog, with the optional (and paid) audio phase switched on
        Platform.runLater(() -> ((Button) stage.getScene().lookup("#runButton")).fire());
        DialogPane run = waitForDialog(p -> p.lookup("#switch-audio") != null);
        Platform.runLater(() -> ((CheckBox) run.lookup("#switch-audio")).setSelected(true));
        DialogPane confirm = waitForDialog(p -> p.lookupButton(ButtonType.YES) != null);
        Thread.sleep(800);
        shot(out.resolve("5-confirm.png"));
        fx(() -> { ((Button) confirm.lookupButton(ButtonType.YES)).fire(); return null; });
        Thread.sleep(800);
        shot(out.resolve("5-optional.png"));
        fx(() -> { ((Button) run.lookupButton(ButtonType.CANCEL)).fire(); return null; });
        engine.close();
        // halt: closing GTK windows during JVM exit crashes glass on some Xvfb set-ups
        Runtime.getRuntime().halt(0);
    }

    private static baton.ui.gantt.GanttChart gantt() {
        return (baton.ui.gantt.GanttChart) stage.getScene().lookup("#gantt");
    }

    private static void waitForEnd() throws Exception {
        Thread.sleep(300);
        for (int i = 0; i < 600; i++) {
            var r = fx(() -> vm.shownRunProperty().get());
            if (r != null && r.status() != RunStatus.RUNNING) return;
            Thread.sleep(100);
        }
        throw new IllegalStateException("the run did not end");
    }

    private static DialogPane waitForDialog(Predicate<DialogPane> which) throws Exception {
        for (int i = 0; i < 100; i++) {
            DialogPane found = fx(() -> {
                for (Window w : Window.getWindows()) {
                    if (w.getScene() != null && w.getScene().getRoot() instanceof DialogPane p && w.isShowing() && which.test(p)) return p;
                }
                return null;
            });
            if (found != null) return found;
            Thread.sleep(100);
        }
        throw new IllegalStateException("no such dialog showed");
    }

    /** The screen where the window is: the window and any dialog over it. */
    private static void shot(Path file) throws Exception {
        fx(() -> {
            var robot = new javafx.scene.robot.Robot();
            WritableImage img = robot.getScreenCapture(null, stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
            ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
            return null;
        });
        System.out.println("wrote " + file);
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }
}
