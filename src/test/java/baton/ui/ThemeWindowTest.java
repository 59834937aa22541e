package baton.ui;

import baton.ui.gantt.GanttChart;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.DialogPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static baton.ui.MainWindowTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The dark theme is one stylesheet: switching it repaints the timeline in its colours, and back. */
class ThemeWindowTest extends WindowTestBase {
    private static final List<Color> LIGHT = List.of(Color.web("#ffffff"), Color.web("#f0f2f5"));
    private static final List<Color> DARK = List.of(Color.web("#0d1117"), Color.web("#161b22"));

    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    /**
     * The timeline's colours where nothing is drawn over them: its background (bottom left, right
     * of the labels, below any row, between grid lines) and its time axis (near its top); above the scroll bar.
     */
    private List<Color> ganttColours(FxRobot robot) throws Exception {
        GanttChart chart = robot.lookup("#gantt").queryAs(GanttChart.class);
        return WaitForAsyncUtils.asyncFx(() -> {
            var img = chart.snapshot(null, null);
            int x = (int) chart.labelWidth() + 60;
            return List.of(img.getPixelReader().getColor(x, (int) img.getHeight() - 30), img.getPixelReader().getColor(x, 3));
        }).get(10, TimeUnit.SECONDS);
    }

    private void shot(Path png) throws Exception {
        shot(stage.getScene(), png);
    }

    private static void shot(javafx.scene.Scene scene, Path png) throws Exception {
        var img = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        Files.createDirectories(png.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", png.toFile());
    }

    @Test
    void theDarkThemeRepaintsTheTimelineAndSwitchesBack(FxRobot robot) throws Exception {
        Path file = Files.writeString(dir.resolve("theme.yaml"), "pipeline: theme\nphases:\n  - id: a\n    run: \"true\"\n  - id: b\n    needs: [a]\n    run: \"true\"\n");
        Platform.runLater(() -> vm.open(file, () -> {}));
        waitUntil(() -> vm.pipelineProperty().get() != null);
        waitUntil(() -> ganttColours(robot).equals(LIGHT));
        shot(Path.of("target", "theme-light.png"));

        CheckMenuItem dark = (CheckMenuItem) controller.darkItem;
        Platform.runLater(() -> {
            dark.setSelected(true);
            controller.onDark();
        });
        waitUntil(() -> ganttColours(robot).equals(DARK));
        shot(Path.of("target", "theme-dark.png"));

        // a dialog opened in the dark theme is dark too
        Platform.runLater(() -> new DialogService(stage).confirm("Theme", "Dark?", "A question", ButtonType.OK));
        waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        waitUntil(() -> background(pane).getBrightness() < 0.3);
        shot(pane.getScene(), Path.of("target", "theme-dark-dialog.png"));
        MainWindowTest.clickDialogButton(robot, "Cancel");

        Platform.runLater(() -> {
            dark.setSelected(false);
            controller.onDark();
        });
        waitUntil(() -> ganttColours(robot).equals(LIGHT));
        Platform.runLater(() -> new DialogService(stage).confirm("Theme", "Light?", "A question", ButtonType.OK));
        waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane light = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        waitUntil(() -> background(light).getBrightness() > 0.7);
        MainWindowTest.clickDialogButton(robot, "Cancel");
    }

    /** The colour a dialog is painted in, just inside its top left corner. */
    private static Color background(DialogPane pane) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> pane.snapshot(null, null).getPixelReader().getColor(3, (int) pane.getHeight() - 3)).get(10, TimeUnit.SECONDS);
    }
}
