package baton.ui;

import baton.model.AttemptRecord;
import baton.model.DurationText;
import baton.model.JobRecord;
import baton.model.JobStatus;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The job panel ({@code fxml/job-details.fxml}): the selected job's question while it waits for a
 * person (with Approve and Reject), its state, its attempts (the newest followed as they start,
 * unless the person picked one, in the list or by clicking its bar), and the state, exit code,
 * error, times (the duration going on while it runs), outputs and metrics of the attempt shown.
 */
public final class JobDetailsPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final MainViewModel vm;
    private final JobRequests requests;
    @FXML HBox approvalBox;
    @FXML Label approvalQuestion;
    @FXML Button approveButton, rejectButton, skipButton;
    @FXML Label jobTitle, jobState, jobExit, jobStarted, jobEnded, jobDuration, jobError, jobOutputs, jobMetrics;
    @FXML ComboBox<AttemptRecord> attemptBox;
    @FXML GridPane jobGrid;
    /** Set while the list is told the attempt shown: that is not the person's pick. */
    private boolean showing;

    JobDetailsPane(MainViewModel vm, JobRequests requests) {
        this.vm = vm;
        this.requests = requests;
    }

    @FXML
    void initialize() {
        SelectedJobViewModel job = vm.selectedJob();
        RunActionsViewModel actions = vm.actions();
        approvalBox.visibleProperty().bind(job.questionProperty().isNotNull());
        approvalBox.managedProperty().bind(approvalBox.visibleProperty());
        approvalQuestion.textProperty().bind(job.questionProperty());
        approveButton.disableProperty().bind(actions.canApproveProperty().not());
        rejectButton.disableProperty().bind(actions.canApproveProperty().not());
        skipButton.visibleProperty().bind(actions.skipOfferedProperty());
        skipButton.managedProperty().bind(skipButton.visibleProperty());
        skipButton.disableProperty().bind(actions.canSkipProperty().not());
        job.statusProperty().addListener((o, a, b) -> show());
        job.recordProperty().addListener((o, a, b) -> show());
        job.shownAttemptProperty().addListener((o, a, b) -> show());
        // the captions keep their width; the values give way
        for (var n : jobGrid.getChildren()) if (n instanceof Label l && l.getId() == null) l.setMinWidth(Region.USE_PREF_SIZE);
        attemptBox.setItems(job.attempts());
        attemptBox.setCellFactory(lv -> attemptCell());
        attemptBox.setButtonCell(attemptCell());
        // the list shows the view model's choice; a choice in it is the person's pick
        attemptBox.valueProperty().addListener((o, a, b) -> {
            if (showing || b == null) return;
            job.pickedAttemptProperty().set(b == job.attempts().getLast() ? 0 : b.attempt());
        });
        // metrics change while jobs run: the selected attempt's, and its job's total
        vm.timeline().metricsVersionProperty().addListener((o, was, now) -> showMetrics());
        show();
    }

    /** The attempt shown (its log is the one shown). */
    ObservableValue<AttemptRecord> attemptProperty() {
        return vm.selectedJob().shownAttemptProperty();
    }

    /** Called every frame: a running attempt's duration goes on. */
    void tick() {
        AttemptRecord a = vm.selectedJob().shownAttemptProperty().get();
        if (a != null && a.startedAt() != null && a.endedAt() == null) jobDuration.setText(duration(a, Instant.now()));
    }

    private static ListCell<AttemptRecord> attemptCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(AttemptRecord a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : "#" + a.attempt() + " " + a.status().wire().replace('_', ' '));
            }
        };
    }

    /** Everything shown belongs to one job and one of its attempts: nothing is left from the one shown before. */
    private void show() {
        SelectedJobViewModel job = vm.selectedJob();
        JobRecord j = job.recordProperty().get();
        AttemptRecord a = job.shownAttemptProperty().get();
        showing = true;
        try {
            attemptBox.setValue(a);
        } finally {
            showing = false;
        }
        if (j == null) {
            String selected = vm.selectedJobProperty().get();
            jobTitle.setText(selected == null ? "Select a job on the timeline" : selected);
            for (Label l : List.of(jobState, jobExit, jobStarted, jobEnded, jobDuration, jobError, jobOutputs, jobMetrics)) l.setText("");
            return;
        }
        jobTitle.setText(j.id() + (j.item() != null ? "   item: " + j.item() : "") + "   (phase " + j.phaseId() + ")");
        boolean latest = job.showsLatest();
        // the latest attempt's state as the timeline has it (it moves before the store is read again)
        JobStatus live = job.statusProperty().get();
        JobStatus state = latest ? (live != null ? live : j.status()) : a.status();
        jobState.setText(state.wire().replace('_', ' ') + (a != null && !latest ? "   (attempt " + a.attempt() + " of " + job.attempts().size() + ")" : "")
                + whereItRan(a));
        if (a == null) {
            for (Label l : List.of(jobExit, jobStarted, jobEnded, jobDuration)) l.setText("—");
            jobError.setText(j.error() == null ? "" : j.error());
        } else {
            jobExit.setText(a.exitCode() == null ? "—" : a.exitCode().toString());
            jobStarted.setText(a.startedAt() == null ? "—" : TIME.format(a.startedAt()));
            jobEnded.setText(a.endedAt() == null ? (a.startedAt() == null ? "—" : "running") : TIME.format(a.endedAt()));
            jobDuration.setText(a.startedAt() == null ? "—" : duration(a, Instant.now()) + againstUsual(a));
            jobError.setText(a.error() == null ? "" : a.error());
        }
        // outputs are what the job's latest attempt left
        jobOutputs.setText(!latest ? "(of the latest attempt only)" : j.outputs().isEmpty() ? "—"
                : String.join("   ", j.outputs().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        showMetrics();
    }

    /** For an attempt Slurm ran: "   Slurm job 17 on n1", or that it waits in the cluster's queue; else nothing. */
    static String whereItRan(AttemptRecord a) {
        if (a == null || a.slurmJobId() == null) return "";
        return "   Slurm job " + a.slurmJobId() + (a.node() != null ? " on " + a.node()
                : a.endedAt() == null ? ", waiting in the cluster's queue" : "");
    }

    /** A finished attempt against the job's usual duration in earlier successful runs: "  (+40 %)", the tooltip says on what. */
    private String againstUsual(AttemptRecord a) {
        var row = vm.gantt().row(a.jobId());
        if (row == null || row.baseline() <= 0 || a.endedAt() == null || a.startedAt() == null) {
            jobDuration.setTooltip(null);
            return "";
        }
        long ms = a.endedAt().toEpochMilli() - a.startedAt().toEpochMilli();
        jobDuration.setTooltip(new Tooltip("On the usual " + DurationText.of(row.baseline()) + ": the median of this job in up to "
                + Baselines.RUNS + " earlier successful runs of the pipeline (the dashed ghost on its bar)"));
        return "  (" + Baselines.compared(ms, row.baseline()) + ")";
    }

    /** In whole milliseconds between the two instants, as the timeline's tooltip counts them, so both say the same. */
    private static String duration(AttemptRecord a, Instant now) {
        return DurationText.of((a.endedAt() != null ? a.endedAt() : now).toEpochMilli() - a.startedAt().toEpochMilli());
    }

    private void showMetrics() {
        String job = vm.selectedJobProperty().get();
        AttemptRecord a = vm.selectedJob().shownAttemptProperty().get();
        jobMetrics.setText(job == null || a == null || !a.jobId().equals(job) ? "" : vm.timeline().metrics().jobText(job, a.attempt()));
    }

    @FXML
    void onApprove() {
        requests.approve();
    }

    @FXML
    void onReject() {
        requests.reject();
    }

    @FXML
    void onSkipJob() {
        requests.skip();
    }
}
