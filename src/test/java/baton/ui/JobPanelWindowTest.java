package baton.ui;

import baton.engine.RunOptions;
import baton.model.AttemptRecord;
import baton.model.JobStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.Segment;
import javafx.application.Platform;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static baton.ui.MainWindowTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The job panel shows one job and one of its attempts, and nothing of the ones shown before. */
class JobPanelWindowTest extends WindowTestBase {
    private static final String YAML = """
            pipeline: panel
            phases:
              - id: flaky
                retries: { max: 1, delay: 100ms }
                run: sleep 0.5; echo "attempt $BATON_ATTEMPT"; [ "$BATON_ATTEMPT" -ge 2 ]
              - id: ok
                run: echo fine
              - id: slow
                needs: [ok]
                run: sleep 2.5
            """;

    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    private String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @SuppressWarnings("unchecked")
    private String attemptShown(FxRobot robot) {
        AttemptRecord a = robot.lookup("#attemptBox").queryAs(ComboBox.class).getValue() instanceof AttemptRecord r ? r : null;
        return a == null ? null : "#" + a.attempt() + " " + a.status().wire();
    }

    private void select(String job) throws Exception {
        Platform.runLater(() -> vm.selectedJobProperty().set(job));
        waitUntil(() -> vm.selectedJobRecordProperty().get() != null && vm.selectedJobRecordProperty().get().id().equals(job)
                && vm.selectedJob().shownAttemptProperty().get() != null);
    }

    @Test
    void thePanelShowsTheSelectedJobsAttemptAndItsDurationGoesOn(FxRobot robot) throws Exception {
        Path file = Files.writeString(dir.resolve("panel.yaml"), YAML);
        var p = openTrustAndStart(file);
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.gantt().row("slow") != null && vm.gantt().row("slow").status() == JobStatus.RUNNING);

        // a running job's duration goes on while it is looked at
        select("slow");
        waitUntil(() -> !text(robot, "#jobDuration").isEmpty() && !text(robot, "#jobDuration").equals("—"));
        String first = text(robot, "#jobDuration");
        waitUntil(() -> !text(robot, "#jobDuration").equals(first));
        assertThat(text(robot, "#jobState")).isEqualTo("running");
        assertThat(text(robot, "#jobEnded")).isEqualTo("running");

        waitUntil(() -> vm.shownRunProperty().get().status().isTerminal());
        // the retried job: its latest attempt, which succeeded
        select("flaky");
        waitUntil(() -> "#2 succeeded".equals(attemptShown(robot)));
        assertThat(text(robot, "#jobExit")).isEqualTo("0");
        assertThat(text(robot, "#jobError")).isEmpty();

        // a click on the first attempt's bar shows that attempt
        GanttChart chart = robot.lookup("#gantt").queryAs(GanttChart.class);
        GanttModel m = chart.getModel();
        Segment failed = m.row("flaky").segments().stream().filter(s -> s.status() == JobStatus.FAILED).findFirst().orElseThrow();
        int line = m.lines().indexOf(m.lines().stream().filter(l -> !l.isHeader() && l.row().jobId().equals("flaky")).findFirst().orElseThrow());
        double x = WaitForAsyncUtils.asyncFx(() -> chart.labelWidth()
                + ((failed.start() + failed.end()) / 2.0 - m.start() - chart.timeOffsetProperty().get()) / chart.msPerPixelProperty().get()).get(5, TimeUnit.SECONDS);
        var b = chart.localToScreen(chart.getBoundsInLocal());
        robot.clickOn(b.getMinX() + x, b.getMinY() + 24 + line * chart.rowHeightProperty().get() + 11 - chart.rowOffsetProperty().get());
        waitUntil(() -> "#1 failed".equals(attemptShown(robot)));
        assertThat(text(robot, "#jobExit")).isEqualTo("1");
        assertThat(text(robot, "#jobState")).startsWith("failed");
        assertThat(text(robot, "#jobError")).isNotEmpty();
        String failedError = text(robot, "#jobError");

        // another job: its own attempt, exit code and error, nothing of the one before
        select("ok");
        waitUntil(() -> "#1 succeeded".equals(attemptShown(robot)));
        assertThat(text(robot, "#jobExit")).isEqualTo("0");
        assertThat(text(robot, "#jobError")).isEmpty();
        assertThat(failedError).isNotEmpty();
        assertThat(text(robot, "#jobState")).isEqualTo("succeeded");

        // back to the retried job: its latest attempt again, not the one picked before
        select("flaky");
        waitUntil(() -> "#2 succeeded".equals(attemptShown(robot)));
        assertThat(text(robot, "#jobError")).isEmpty();

        // the attempt list picks an attempt too
        @SuppressWarnings("unchecked")
        ComboBox<AttemptRecord> box = robot.lookup("#attemptBox").queryAs(ComboBox.class);
        Platform.runLater(() -> box.setValue(box.getItems().getFirst()));
        waitUntil(() -> "#1 failed".equals(attemptShown(robot)) && text(robot, "#jobExit").equals("1"));
        assertThat(vm.selectedJob().pickedAttemptProperty().get()).isEqualTo(1);
        assertThat(chart.selectedAttemptProperty().get()).isEqualTo(1);
    }
}
