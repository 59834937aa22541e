package baton.ui;

import baton.engine.RunEvent;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.ui.gantt.GanttRow;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * The job selected on the timeline, with no node in it: its stored record and attempts (read off
 * the FX thread when the selection or the job changes), the attempt shown (the one picked, else the
 * latest, so a new attempt is followed as it starts), and its state and approval question as the
 * timeline has them now (moves arrive once per frame, before the store is read again). Selecting
 * another job forgets everything of the one before at once.
 */
public final class SelectedJobViewModel {

    private final OffFxThread calls;
    private final TimelineViewModel timeline;
    private final ApprovalNotices approvals;

    /** The job selected on the timeline (the chart and the view model share it), or null. */
    private final StringProperty job = new SimpleStringProperty();
    private final ReadOnlyObjectWrapper<JobRecord> record = new ReadOnlyObjectWrapper<>();
    private final ObservableList<AttemptRecord> attempts = FXCollections.observableArrayList();
    private final ObservableList<AttemptRecord> attemptsShown = FXCollections.unmodifiableObservableList(attempts);
    private final ReadOnlyObjectWrapper<JobStatus> status = new ReadOnlyObjectWrapper<>();
    /** The job's phase's {@code approve:} question while it waits for approval, else null. */
    private final ReadOnlyStringWrapper question = new ReadOnlyStringWrapper();
    /** The attempt the person picked (its bar, or the attempt list); 0: none, the latest is shown. */
    private final IntegerProperty pickedAttempt = new SimpleIntegerProperty();
    /** What the job panel and the log show: the picked attempt, else the latest (null before the first). */
    private final ReadOnlyObjectWrapper<AttemptRecord> shownAttempt = new ReadOnlyObjectWrapper<>();

    SelectedJobViewModel(OffFxThread calls, TimelineViewModel timeline, ApprovalNotices approvals) {
        this.calls = calls;
        this.timeline = timeline;
        this.approvals = approvals;
        job.addListener((o, a, b) -> {
            // nothing of the job selected before may show while this one is read
            pickedAttempt.set(0);
            record.set(null);
            attempts.clear();
            load();
        });
        pickedAttempt.addListener((o, a, b) -> showAttempt());
        attempts.addListener((javafx.collections.ListChangeListener<AttemptRecord>) c -> showAttempt());
        timeline.ganttProperty().addListener((o, a, b) -> updateStatus());
        timeline.movesProperty().addListener((o, a, b) -> updateStatus());
        timeline.onShowChanges(() -> job.set(null), this::load);
    }

    /** The selection: the chart writes it, and so may anyone choosing a job. */
    public StringProperty jobProperty() { return job; }
    public ReadOnlyObjectProperty<JobRecord> recordProperty() { return record.getReadOnlyProperty(); }
    public ObservableList<AttemptRecord> attempts() { return attemptsShown; }
    public ReadOnlyObjectProperty<JobStatus> statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty questionProperty() { return question.getReadOnlyProperty(); }
    public IntegerProperty pickedAttemptProperty() { return pickedAttempt; }
    public ReadOnlyObjectProperty<AttemptRecord> shownAttemptProperty() { return shownAttempt.getReadOnlyProperty(); }

    /** Whether the attempt shown is the job's latest (its state may be ahead of the store's: the timeline's is shown). */
    public boolean showsLatest() {
        AttemptRecord a = shownAttempt.get();
        return a == null || attempts.isEmpty() || a.attempt() == attempts.getLast().attempt();
    }

    private void showAttempt() {
        int picked = pickedAttempt.get();
        AttemptRecord pick = attempts.isEmpty() ? null : attempts.getLast();
        if (picked > 0) for (AttemptRecord a : attempts) if (a.attempt() == picked) pick = a;
        shownAttempt.set(pick);
    }

    /**
     * A move of the selected job that starts or ends an attempt shows at once (its log, its live
     * metrics), as does its batch job entering the cluster's queue (its Slurm job id) and leaving
     * it (the node it runs on).
     */
    void seen(RunEvent e) {
        String about = switch (e) {
            case RunEvent.JobMoved mv when mv.to().isTerminal() || mv.to() == JobStatus.RUNNING -> mv.jobId();
            case RunEvent.AttemptSubmitted as -> as.jobId();
            case RunEvent.AttemptPlaced ap -> ap.jobId();
            default -> null;
        };
        if (about != null && about.equals(job.get()) && timeline.isShowing(e.run())) load();
    }

    /** The selected job's state and question, as the timeline has them now. */
    private void updateStatus() {
        String selected = job.get();
        RunId run = timeline.shownId();
        GanttRow row = selected == null || run == null ? null : timeline.gantt().row(selected);
        JobStatus s = row == null ? null : row.status();
        status.set(s);
        question.set(s == JobStatus.AWAITING_APPROVAL ? approvals.questionOf(run, row.phaseId(), null) : null);
    }

    /** Reads the selected job's record and attempts again. */
    void load() {
        updateStatus();
        RunId run = timeline.shownId();
        String selected = job.get();
        if (run == null || selected == null) {
            record.set(null);
            attempts.clear();
            return;
        }
        calls.call(e -> {
            JobRecord rec = e.jobs(run).stream().filter(j -> j.id().equals(selected)).findFirst().orElse(null);
            List<AttemptRecord> atts = e.attempts(run).stream().filter(a -> a.jobId().equals(selected)).toList();
            return new Loaded(rec, atts);
        }).thenAccept(loaded -> {
            if (!selected.equals(job.get()) || !run.equals(timeline.shownId())) return;
            record.set(loaded.record());
            attempts.setAll(loaded.attempts());
            var row = timeline.gantt().row(selected);
            if (row != null && loaded.record() != null) row.exitCode(loaded.record().exitCode());
            for (AttemptRecord a : loaded.attempts()) RunSnapshot.timesOf(row, a);
        }).exceptionally(OffFxThread.logged("cannot read job " + selected + " of run " + run));
    }

    private record Loaded(JobRecord record, List<AttemptRecord> attempts) {}
}
