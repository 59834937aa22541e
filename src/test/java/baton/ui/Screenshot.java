package baton.ui;

import baton.engine.Engine;
import baton.engine.RunOptions;
import baton.model.RunStatus;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Takes the README's screenshot of the real window: the course example run with one phase
 * failing once and being retried. Run it with {@code scripts/screenshot.sh} (Xvfb).
 */
public final class Screenshot {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshot.png").toAbsolutePath();
        Path example = Path.of("examples/course/course.baton.yaml").toAbsolutePath();
        Path data = Files.createTempDirectory("baton-screenshot");
        Engine engine = Engine.open(data);
        var background = Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<MainViewModel> ready = new CompletableFuture<>();
        Platform.startup(() -> {
            try {
                Stage stage = new Stage();
                MainViewModel vm = new MainViewModel(new LocalEngineCalls(engine), background, Platform::runLater);
                BatonApp.show(stage, vm);
                stage.setWidth(1400);
                stage.setHeight(860);
                vm.open(example, () -> ready.complete(vm));
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
        });
        MainViewModel vm = ready.get(30, TimeUnit.SECONDS);
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.runLater(() -> {
            vm.trust(vm.pipelineProperty().get());
            vm.start(new RunOptions(Map.of("fail_once", "baskets"), Set.of(), Set.of(), null, null, false, "screenshot"))
                    .whenComplete((id, e) -> {
                        if (e != null) started.completeExceptionally(e);
                        else started.complete(null);
                    });
        });
        started.get(30, TimeUnit.SECONDS);
        for (int i = 0; i < 600 && (vm.shownRunProperty().get() == null || vm.shownRunProperty().get().status() == RunStatus.RUNNING); i++) {
            Thread.sleep(100);
        }
        CompletableFuture<Void> shot = new CompletableFuture<>();
        Platform.runLater(() -> {
            vm.selectedJobProperty().set("baskets");
            Platform.runLater(() -> {
                var chart = (baton.ui.gantt.GanttChart) Stage.getWindows().getFirst().getScene().lookup("#gantt");
                chart.fit();
            });
        });
        Thread.sleep(1500);
        Platform.runLater(() -> {
            try {
                var scene = Stage.getWindows().getFirst().getScene();
                WritableImage img = scene.snapshot(null);
                Files.createDirectories(out.getParent());
                ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile());
                shot.complete(null);
            } catch (Exception e) {
                shot.completeExceptionally(e);
            }
        });
        shot.get(30, TimeUnit.SECONDS);
        System.out.println("wrote " + out);
        engine.close();
        // halt: closing GTK windows during JVM exit crashes glass on some Xvfb set-ups
        Runtime.getRuntime().halt(0);
    }
}
