package baton.ui;

import baton.engine.Engine;
import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import baton.model.PhaseDef;
import baton.model.RunStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static baton.ui.MainWindowTest.clickDialogButton;
import static baton.ui.MainWindowTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** Scripts and folders of scripts dropped on the real window, with real drag events on its scene. */
class DropScriptWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    /**
     * Drops {@code files} the way the desktop does: a drag-over then a drop on the scene, each
     * carrying a dragboard with the files; answers whether the window took the drop.
     */
    static boolean drop(Scene scene, List<Path> files) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Dragboard db = DragboardHelper.createDragboard(new DesktopDragboard());
            ClipboardContent content = new ClipboardContent();
            content.putFiles(files.stream().map(Path::toFile).toList());
            db.setContent(content);
            double x = scene.getWidth() / 2, y = scene.getHeight() / 2;
            DragEvent over = new DragEvent(DragEvent.DRAG_OVER, db, x, y, x, y, TransferMode.COPY, null, null, null);
            Event.fireEvent(scene, over);
            if (over.getAcceptedTransferMode() != TransferMode.COPY) return false;
            DragEvent dropped = new DragEvent(DragEvent.DRAG_DROPPED, db, x, y, x, y, TransferMode.COPY, null, null, null);
            Event.fireEvent(scene, dropped);
            return dropped.isDropCompleted();
        }).get(10, TimeUnit.SECONDS);
    }

    /** What the desktop's drag-and-drop hands the window: the dragged content, offered for copy. */
    private static final class DesktopDragboard implements TKClipboard {
        private final java.util.Map<javafx.scene.input.DataFormat, Object> content = new java.util.LinkedHashMap<>();

        @Override public java.util.Set<javafx.scene.input.DataFormat> getContentTypes() { return content.keySet(); }
        @SafeVarargs @Override public final boolean putContent(javafx.util.Pair<javafx.scene.input.DataFormat, Object>... pairs) {
            content.clear();
            for (var p : pairs) content.put(p.getKey(), p.getValue());
            return true;
        }
        @Override public Object getContent(javafx.scene.input.DataFormat f) { return content.get(f); }
        @Override public boolean hasContent(javafx.scene.input.DataFormat f) { return content.containsKey(f); }
        @Override public java.util.Set<TransferMode> getTransferModes() { return java.util.EnumSet.of(TransferMode.COPY); }
        @Override public void setDragView(javafx.scene.image.Image image) {}
        @Override public void setDragViewOffsetX(double x) {}
        @Override public void setDragViewOffsetY(double y) {}
        @Override public javafx.scene.image.Image getDragView() { return null; }
        @Override public double getDragViewOffsetX() { return 0; }
        @Override public double getDragViewOffsetY() { return 0; }
    }

    private static Path script(Path folder, String name, String body) throws Exception {
        Files.createDirectories(folder);
        Path f = Files.writeString(folder.resolve(name), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    @Test
    void aDroppedScriptOpensShowsItsHeadAndHashBeforeTheFirstRunAndRuns(FxRobot robot) throws Exception {
        Path s = script(dir.resolve("one"), "greet.sh", "# baton: timeout=1m\necho hello from the script");
        assertThat(drop(stage.getScene(), List.of(s))).isTrue();
        waitUntil(() -> vm.pipelineProperty().get() != null || !vm.problems().isEmpty());
        assertThat(vm.problems()).isEmpty();
        LoadedPipeline p = vm.pipelineProperty().get();
        assertThat(p.sourcePath()).isEqualTo(s.toAbsolutePath().normalize().toString());
        assertThat(vm.pipelineSourceProperty().get()).isEqualTo(MainViewModel.Source.SCRIPT);

        robot.clickOn("#runButton");
        waitUntil(() -> robot.lookup("#trust-script").tryQuery().isPresent());
        assertThat(robot.lookup("#trust-script").queryTextInputControl().getText())
                .startsWith("#!/bin/sh").contains("echo hello from the script");
        assertThat(robot.lookup("#trust-sha256").queryAs(javafx.scene.control.Label.class).getText())
                .contains(p.contentHash()).doesNotContain("changed");
        clickDialogButton(robot, "Trust and continue");
        clickDialogButton(robot, "Run");
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status() != RunStatus.RUNNING);
        assertThat(vm.shownRunProperty().get().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aDroppedFolderRunsItsNumberedScriptsAndNamesWhatItLeftOut(FxRobot robot) throws Exception {
        Path folder = dir.resolve("steps");
        script(folder, "10-a.sh", "echo a");
        script(folder, "20-b.sh", "echo b");
        script(folder, "20-c.sh", "echo c");
        script(folder, "helper.sh", "echo helper");
        assertThat(drop(stage.getScene(), List.of(folder))).isTrue();
        waitUntil(() -> vm.pipelineProperty().get() != null || !vm.problems().isEmpty());
        assertThat(vm.problems()).isEmpty();
        assertThat(vm.pipelineSourceProperty().get()).isEqualTo(MainViewModel.Source.FOLDER);
        GanttModel m = robot.lookup("#gantt").queryAs(GanttChart.class).getModel();
        assertThat(m.lines().stream().filter(l -> !l.isHeader()).count()).isEqualTo(3);
        String status = vm.messageProperty().get();
        assertThat(status).contains("3 phases").contains("helper.sh");
        assertThat(robot.lookup("#messageLabel").tryQuery()).isPresent();
        assertThat(robot.lookup("#messageLabel").queryAs(javafx.scene.control.Label.class).getText()).contains("helper.sh");
        snapshot(Path.of("target/drop-folder.png"));
    }

    @Test
    void saveAsPipelineWritesAFileThatLoadsWithTheSamePhases(FxRobot robot) throws Exception {
        Path folder = dir.resolve("save");
        script(folder, "10-fetch.sh", "echo fetch");
        script(folder, "20-build.sh", "echo build");
        assertThat(drop(stage.getScene(), List.of(folder))).isTrue();
        waitUntil(() -> vm.pipelineProperty().get() != null || !vm.problems().isEmpty());
        LoadedPipeline p = vm.pipelineProperty().get();
        assertThat(robot.lookup("#menuBar").tryQuery()).isPresent();
        Path target = vm.pipelineFolder(p).resolve(MainViewModel.pipelineFileName(p));
        assertThat(target.getFileName().toString()).endsWith(".baton.yaml");
        Platform.runLater(() -> controller.saveAsPipeline(p, target));
        clickDialogButton(robot, "Open it");
        waitUntil(() -> vm.pipelineSourceProperty().get() == MainViewModel.Source.FILE);
        LoadedPipeline again = PipelineLoader.load(target);
        assertThat(again.definition().phases()).extracting(PhaseDef::id)
                .containsExactlyElementsOf(p.definition().phases().stream().map(PhaseDef::id).toList());
        assertThat(vm.pipelineProperty().get().sourcePath()).isEqualTo(target.toAbsolutePath().normalize().toString());
    }

    /** The window as it is, for a person to look at (target/drop-folder.png). */
    private void snapshot(Path out) throws Exception {
        CompletableFuture<Void> shot = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                var img = stage.getScene().snapshot(null);
                Files.createDirectories(out.toAbsolutePath().getParent());
                ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile());
                shot.complete(null);
            } catch (Exception e) {
                shot.completeExceptionally(e);
            }
        });
        shot.get(20, TimeUnit.SECONDS);
    }
}
