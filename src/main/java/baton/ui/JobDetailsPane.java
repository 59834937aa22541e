package baton.ui;

import baton.model.AttemptRecord;
import baton.model.DurationText;
import baton.model.JobRecord;
import baton.model.JobStatus;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The job panel ({@code fxml/job-details.fxml}): the selected job's question while it waits for a
 * person (with Approve and Reject), its state, its attempts (the newest followed as they start),
 * times, error, outputs and metrics.
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
        job.statusProperty().addListener((o, a, b) -> showState());
        job.recordProperty().addListener((o, a, b) -> showJob(b));
        job.attempts().addListener((ListChangeListener<AttemptRecord>) c -> pickAttempt(job.attempts()));
        attemptBox.setCellFactory(lv -> attemptCell());
        attemptBox.setButtonCell(attemptCell());
        attemptBox.valueProperty().addListener((o, a, b) -> {
            showAttempt(b);
            showMetrics();
        });
        // metrics change while jobs run: the selected attempt's, and its job's total
        vm.timeline().metricsVersionProperty().addListener((o, was, now) -> showMetrics());
        job.jobProperty().addListener((o, was, now) -> showMetrics());
    }

    /** The attempt chosen (its log is the one shown). */
    ObservableValue<AttemptRecord> attemptProperty() {
        return attemptBox.valueProperty();
    }

    /** Whoever looked at the latest attempt goes on to a new one as it starts (a retry of a live job). */
    private void pickAttempt(List<AttemptRecord> attempts) {
        AttemptRecord keep = attemptBox.getValue();
        boolean followingLatest = keep == null || attemptBox.getItems().isEmpty() || keep.attempt() == attemptBox.getItems().getLast().attempt();
        attemptBox.getItems().setAll(attempts);
        AttemptRecord pick = attempts.isEmpty() ? null : attempts.getLast();
        if (keep != null && !followingLatest) {
            for (AttemptRecord a : attempts) if (a.attempt() == keep.attempt()) pick = a;
        }
        attemptBox.setValue(pick);
    }

    private static ListCell<AttemptRecord> attemptCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(AttemptRecord a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : "#" + a.attempt() + " " + a.status().wire());
            }
        };
    }

    private void showJob(JobRecord j) {
        if (j == null) {
            String selected = vm.selectedJobProperty().get();
            jobTitle.setText(selected == null ? "Select a job on the timeline" : selected);
            for (Label l : List.of(jobState, jobExit, jobStarted, jobEnded, jobDuration, jobError, jobOutputs, jobMetrics)) l.setText("");
            return;
        }
        jobTitle.setText(j.id() + (j.item() != null ? "   item: " + j.item() : "") + "   (phase " + j.phaseId() + ")");
        showState();
        jobError.setText(j.error() == null ? "" : j.error());
        jobOutputs.setText(j.outputs().isEmpty() ? "—" : String.join("   ", j.outputs().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }

    /** The selected job's state: as the timeline has it (it moves before the store is read again). */
    private void showState() {
        JobRecord j = vm.selectedJobRecordProperty().get();
        JobStatus s = vm.selectedJob().statusProperty().get();
        if (j != null) jobState.setText((s != null ? s : j.status()).wire().replace('_', ' '));
    }

    private void showMetrics() {
        String job = vm.selectedJobProperty().get();
        AttemptRecord a = attemptBox.getValue();
        jobMetrics.setText(job == null || a == null || !a.jobId().equals(job) ? "" : vm.timeline().metrics().jobText(job, a.attempt()));
    }

    private void showAttempt(AttemptRecord a) {
        if (a == null) {
            for (Label l : List.of(jobExit, jobStarted, jobEnded, jobDuration)) l.setText("");
            return;
        }
        jobExit.setText(a.exitCode() == null ? "—" : a.exitCode().toString());
        jobStarted.setText(a.startedAt() == null ? "—" : TIME.format(a.startedAt()));
        jobEnded.setText(a.endedAt() == null ? "running" : TIME.format(a.endedAt()));
        jobDuration.setText(a.startedAt() == null ? "—" : DurationText.between(a.startedAt(), a.endedAt() != null ? a.endedAt() : Instant.now()));
        if (a.error() != null) jobError.setText(a.error());
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
