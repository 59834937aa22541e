package baton.ui;

import baton.engine.RunOptions;
import baton.model.RunId;
import baton.model.RunStatus;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static baton.ui.MainWindowTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** A finished job is compared with the same job in the last successful runs of its pipeline: a ghost on its bar, "+n %" in the panel. */
class BaselineWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    private RunId runWith(String delay) throws Exception {
        var p = vm.pipelineProperty().get();
        RunOptions o = new RunOptions(Map.of("delay", delay), Set.of(), Set.of(), null, null, false, "test");
        RunId id = WaitForAsyncUtils.asyncFx(() -> vm.start(p, o)).get(10, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().id().equals(id)
                && vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED);
        return id;
    }

    @Test
    void aSlowerJobSaysByHowMuchAndShowsItsUsualLength(FxRobot robot) throws Exception {
        Path file = Files.writeString(dir.resolve("usual.yaml"), """
                pipeline: usual
                params: { delay: "0.4" }
                phases:
                  - id: step
                    run: sleep $delay
                """);
        Platform.runLater(() -> vm.open(file, () -> {}));
        waitUntil(() -> vm.pipelineProperty().get() != null);
        var p = vm.pipelineProperty().get();
        WaitForAsyncUtils.asyncFx(() -> vm.trust(p)).get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        runWith("0.4");
        runWith("0.4");
        runWith("1.2");
        long usual = vm.gantt().row("step").baseline();
        assertThat(usual).isBetween(380L, 900L);
        Platform.runLater(() -> vm.selectedJobProperty().set("step"));
        waitUntil(() -> robot.lookup("#jobDuration").queryAs(Label.class).getText().contains("%"));
        String text = robot.lookup("#jobDuration").queryAs(Label.class).getText();
        assertThat(text).containsPattern("  \\(\\+\\d+ %\\)$");
        assertThat(robot.lookup("#jobDuration").queryAs(Label.class).getTooltip().getText()).startsWith("On the usual ").contains("median");
        for (int i = 0; i < 3; i++) WaitForAsyncUtils.asyncFx(() -> {}).get(5, TimeUnit.SECONDS);
        ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(10, TimeUnit.SECONDS), null),
                "png", Files.createDirectories(Path.of("target")).resolve("baseline.png").toFile());
    }
}
