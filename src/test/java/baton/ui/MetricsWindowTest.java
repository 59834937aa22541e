package baton.ui;

import baton.engine.Engine;
import baton.engine.RunOptions;
import baton.model.JobStatus;
import baton.model.RunStatus;
import javafx.application.Platform;
import javafx.scene.control.Label;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The window shows token metrics while the job runs: the attempt's, the job's total, the run's total. */
class MetricsWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theJobPanelAndTheStatusBarShowMetricsWhileTheJobRunsAndCountTheFailedAttempt(FxRobot robot) throws Exception {
        Path go = dir.resolve("go-" + System.nanoTime());
        Path file = Files.writeString(dir.resolve("live-tokens.yaml"), """
                pipeline: live-tokens
                phases:
                  - id: ask
                    retries: 1
                    run: |
                      echo "input_tokens=$((BATON_ATTEMPT * 50))" >> "$BATON_METRICS"
                      [ "$BATON_ATTEMPT" -ge 2 ] || exit 1
                      while [ ! -f '%s' ]; do sleep 0.05; done
                      echo input_tokens=250 >> "$BATON_METRICS"
                """.formatted(go));
        Platform.runLater(() -> vm.open(file, () -> vm.start(RunOptions.defaults())));
        waitUntil(() -> vm.shownRunProperty().get() != null);
        Platform.runLater(() -> vm.selectedJobProperty().set("ask"));
        Label job = robot.lookup("#jobMetrics").queryAs(Label.class);
        Label run = robot.lookup("#runMetricsLabel").queryAs(Label.class);

        // attempt 1 failed having spent 50; attempt 2 has said 100 so far and waits
        waitUntil(() -> job.getText().equals("attempt 2: input_tokens=100   ·   job total: input_tokens=150"));
        assertThat(run.getText()).isEqualTo("run total: input_tokens=150");
        assertThat(vm.gantt().row("ask").status()).isEqualTo(JobStatus.RUNNING);

        Files.writeString(go, "");
        waitUntil(() -> vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED);
        waitUntil(() -> job.getText().equals("attempt 2: input_tokens=250   ·   job total: input_tokens=300"));
        assertThat(run.getText()).isEqualTo("run total: input_tokens=300");
    }
}
