package baton.ui;

import baton.engine.RunEvent;
import baton.format.LoadedPipeline;
import baton.model.JobStatus;
import baton.model.PhaseDef;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.model.RunStatus;
import baton.ui.gantt.GanttModel;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The timeline, with no node in it: what the Gantt shows (the plan of the open file, one run, or
 * every live run at once), the run on display, its status counts and its metrics. Used on the FX
 * thread; the store is read through {@link OffFxThread}.
 *
 * <p>Showing a run loses no event: from the moment it is asked for until its snapshot is applied,
 * the run's events are kept in order; the snapshot is read after that moment, and the kept events
 * it does not have are applied on top of it ({@link RunSnapshot}).
 * (A little above 350 lines: the three sources of rows and the gap-free hand-over share its state;
 * the service client of issue 13 is where it splits next.)
 */
public final class TimelineViewModel {
    /** Why a run is shown: it decides the selection and what the status line says. */
    enum Purpose {
        /** Opened from the history: the selection goes, the line says what is shown. */
        VIEW,
        /** Just started here. */
        STARTED,
        /** Retried or resumed here: the selection stays. */
        CONTINUED,
        /** Read again (a run of another process after a request to it): the selection stays, the line too. */
        RELOAD
    }

    /** A read of the store under way: the events of its runs that arrive meanwhile wait here, in order. */
    private record Reading(Set<RunId> runs, boolean oneRun, List<RunEvent> kept) {
        Reading(Set<RunId> runs, boolean oneRun) {
            this(runs, oneRun, new ArrayList<>());
        }

        boolean keeps(RunEvent e) {
            // metrics of every live run are kept up to date anyway; one run's are read with it
            return runs.contains(e.run()) && (oneRun || !(e instanceof RunEvent.MetricsChanged));
        }
    }

    /** A run read off the FX thread, with its timeline built there too. */
    private record Read(RunSnapshot snapshot, GanttModel gantt) {}

    private final OffFxThread calls;
    private final DrivenRuns driven;
    private final ApprovalNotices approvals;
    private final Consumer<String> say;

    private final ReadOnlyObjectWrapper<RunRecord> shownRun = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<GanttModel> gantt = new ReadOnlyObjectWrapper<>(new GanttModel());
    /** The definition of what is shown: the open file's, or the one the shown run was started with (null: none, or it no longer loads). */
    private final ReadOnlyObjectWrapper<LoadedPipeline> shownDefinition = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper shownRunLive = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper showingAllLive = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<Map<JobStatus, Integer>> counts = new ReadOnlyObjectWrapper<>(Map.of());
    /** Goes up after every batch of events that moved something on the timeline. */
    private final ReadOnlyLongWrapper moves = new ReadOnlyLongWrapper();
    private final RunMetricsBook metrics = new RunMetricsBook();
    private Reading reading;
    private boolean movedInBatch;
    private boolean shownMetricsChangedInBatch;
    private Runnable whenOtherRunShown = () -> {};
    private Runnable whenShownRunReread = () -> {};

    TimelineViewModel(OffFxThread calls, DrivenRuns driven, ApprovalNotices approvals, Consumer<String> say) {
        this.calls = calls;
        this.driven = driven;
        this.approvals = approvals;
        this.say = say;
    }

    public ReadOnlyObjectProperty<RunRecord> shownRunProperty() { return shownRun.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<GanttModel> ganttProperty() { return gantt.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<LoadedPipeline> shownDefinitionProperty() { return shownDefinition.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty shownRunLiveProperty() { return shownRunLive.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty showingAllLiveProperty() { return showingAllLive.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Map<JobStatus, Integer>> countsProperty() { return counts.getReadOnlyProperty(); }
    public ReadOnlyLongProperty movesProperty() { return moves.getReadOnlyProperty(); }
    /** Goes up when the shown run's metrics change: the job panel and the status bar read {@link #metrics()} again. */
    public ReadOnlyLongProperty metricsVersionProperty() { return metrics.versionProperty(); }

    public GanttModel gantt() {
        return gantt.get();
    }

    /** Called when another run (or none) comes on display, and when the shown one was read again. */
    void onShowChanges(Runnable otherRunShown, Runnable shownRunReread) {
        whenOtherRunShown = otherRunShown;
        whenShownRunReread = shownRunReread;
    }

    /** The one run on display, or null (the plan of a file, or every live run). */
    RunId shownId() {
        RunRecord r = shownRun.get();
        return r == null || showingAllLive.get() ? null : r.id();
    }

    /** Whether {@code run} is on display alone. */
    boolean isShowing(RunId run) {
        return run.equals(shownId());
    }

    /** Whether a run is being read to be shown. */
    boolean reading() {
        return reading != null;
    }

    /** Whether the window holds on to {@code run}'s questions and metrics: it is shown, or being read to be shown. */
    boolean keeps(RunId run) {
        return isShowing(run) || (reading != null && reading.oneRun() && reading.runs().contains(run));
    }

    /** The shown run's metrics per attempt (none when no run is shown alone). */
    public RunMetrics metrics() {
        return metrics.of(shownId());
    }

    // --- what is shown ---

    /** Before the first run, the Gantt shows the jobs the file will make, all pending. */
    void showPlan(LoadedPipeline p) {
        reading = null;
        GanttModel m = new GanttModel("plan of " + p.sourcePath(), RunSnapshot.phases(p));
        for (PhaseDef ph : p.definition().phases()) m.addRow(ph.id(), ph.id(), ph.laneOrId());
        shownDefinition.set(p);
        showingAllLive.set(false);
        shownRun.set(null);
        shownRunLive.set(false);
        whenOtherRunShown.run();
        gantt.set(m);
        counts.set(m.counts());
        metrics.changed();
    }

    /** Shows a stored run: live if this process drives it, as stored otherwise. */
    public CompletableFuture<Void> openRun(RunRecord run) {
        return show(run.id(), Purpose.VIEW, null);
    }

    /**
     * Reads {@code id} and shows it; {@code text} is what the status line says for {@link Purpose#CONTINUED}.
     * The future completes once it is shown, or fails when it cannot be read.
     */
    CompletableFuture<Void> show(RunId id, Purpose purpose, String text) {
        Reading r = new Reading(Set.of(id), true);
        reading = r;
        boolean readQuestions = !approvals.knows(id);
        return calls.call(e -> {
            RunSnapshot s = RunSnapshot.read(e, id, purpose == Purpose.VIEW, readQuestions);
            return new Read(s, s.gantt());
        }).thenAccept(read -> {
            if (reading == r) apply(r, read, purpose, text);
        }).whenComplete((v, e) -> {
            if (e != null) say.accept("Cannot show run " + id + ": " + OffFxThread.causeOf(e).getMessage());
        });
    }

    private void apply(Reading r, Read read, Purpose purpose, String text) {
        reading = null;
        RunSnapshot s = read.snapshot();
        GanttModel m = read.gantt();
        RunSnapshot.StoredMoves stored = s.storedMoves();
        RunMetrics readMetrics = RunMetrics.of(s.attempts());
        boolean endedSince = false;
        for (RunEvent e : r.kept()) {
            switch (e) {
                case RunEvent.JobAdded a -> m.addRow(a.jobId(), a.phaseId(), a.phaseId());
                case RunEvent.JobMoved mv -> {
                    if (!stored.has(mv)) m.moved(mv.jobId(), mv.to(), mv.attempt(), mv.at().toEpochMilli(), mv.reason());
                }
                case RunEvent.MetricsChanged mc -> readMetrics.put(mc.jobId(), mc.attempt(), mc.metrics());
                case RunEvent.AttemptSubmitted as -> m.submitted(as.jobId(), as.attempt());
                case RunEvent.AttemptPlaced ap -> m.leftQueue(ap.jobId(), ap.attempt(), ap.at().toEpochMilli());
                case RunEvent.RunMoved rm -> endedSince |= rm.to().isTerminal();
                case RunEvent.RunNote n -> {} // told when it arrived
            }
        }
        RunId id = s.run().id();
        // with the service, a run stored as running is one it drives (it recovered the others when it started)
        boolean live = (driven.contains(id) || driven.followsEvents()) && s.run().status() == RunStatus.RUNNING && !endedSince;
        m.live(live);
        if (s.questions() != null) approvals.remember(id, s.questions());
        approvals.keepOnly(q -> driven.contains(q) || q.equals(id));
        showingAllLive.set(false);
        shownDefinition.set(s.definition());
        shownRun.set(s.run());
        metrics.shown(id, readMetrics, k -> driven.contains(k) || k.equals(id));
        shownRunLive.set(live);
        gantt.set(m);
        if (purpose == Purpose.VIEW || purpose == Purpose.STARTED) whenOtherRunShown.run();
        else whenShownRunReread.run();
        counts.set(m.counts());
        switch (purpose) {
            case VIEW -> say.accept(describeOpened(s, live));
            case STARTED -> say.accept(live ? "Running " + id + " …" : "Run " + id + " " + s.run().status().wire());
            case CONTINUED -> say.accept(text);
            case RELOAD -> {}
        }
        if (endedSince && s.run().status() == RunStatus.RUNNING) reread();
    }

    private String describeOpened(RunSnapshot s, boolean live) {
        RunRecord run = s.run();
        boolean elsewhere = !live && run.status() == RunStatus.RUNNING && !driven.contains(run.id());
        // a live run's counts change under the sentence: it says so rather than keep a number that is soon wrong
        if (live) {
            return "Showing " + run.id() + " (running, live; " + s.jobs().size() + " jobs when opened)"
                    + (s.definitionChanged() ? " — its file has changed since; retry and resume use the definition it was started with" : "");
        }
        return "Showing " + run.id() + " (" + run.status().wire() + ", " + s.jobs().size() + " jobs, " + s.attempts().size() + " attempts)"
                + (elsewhere ? " — run by another Baton process" + ownerText(run)
                        + ": as it was when opened; cancel, approve and skip are sent to it" : " — read-only")
                + (s.definitionChanged() ? " — its file has changed since; retry and resume use the definition it was started with" : "");
    }

    private static String ownerText(RunRecord run) {
        return run.owner() == null ? "" : " (pid " + run.owner().pid() + " on " + run.owner().host() + ")";
    }

    /**
     * Reads the run on display again, keeping the selection: for a run of another Baton process,
     * whose moves send no events here, after a request to it was answered.
     */
    CompletableFuture<Void> reloadShown() {
        RunId id = shownId();
        return id == null ? CompletableFuture.completedFuture(null) : show(id, Purpose.RELOAD, null);
    }

    /** The shown run ended: its record (end time, status) is read again. */
    private void reread() {
        RunId id = shownId();
        calls.call(e -> e.run(id)).thenAccept(record -> {
            if (!id.equals(shownId())) return;
            record.ifPresent(shownRun::set);
            whenShownRunReread.run();
        }).exceptionally(OffFxThread.logged("cannot read run " + id + " again"));
    }

    /** One lane per live run, its jobs under it: what the machine is doing now. */
    public CompletableFuture<Void> showAllLive() {
        List<RunId> ids = driven.ids();
        Reading r = new Reading(Set.copyOf(ids), false);
        reading = r;
        return calls.call(e -> {
            // runs of different pipelines share it: phase ids may clash, so rows are labelled by their ids
            GanttModel m = new GanttModel("all live runs", Map.of());
            List<RunSnapshot> runs = new ArrayList<>();
            for (RunId id : ids) {
                RunSnapshot s = RunSnapshot.read(e, id, false, false);
                s.addTo(m);
                runs.add(s);
            }
            return Map.entry(m, runs);
        }).thenAccept(read -> {
            if (reading != r) return;
            reading = null;
            GanttModel m = read.getKey();
            Map<RunId, RunSnapshot.StoredMoves> stored = new HashMap<>();
            for (RunSnapshot s : read.getValue()) stored.put(s.run().id(), s.storedMoves());
            for (RunEvent e : r.kept()) {
                if (!(e instanceof RunEvent.JobMoved mv) || !stored.get(mv.run()).has(mv)) applyToAllLive(m, e);
            }
            m.live(true);
            showingAllLive.set(true);
            shownDefinition.set(null);
            shownRun.set(null);
            shownRunLive.set(true);
            whenOtherRunShown.run();
            gantt.set(m);
            counts.set(m.counts());
            metrics.changed();
            say.accept(ids.isEmpty() ? "No run is live" : ids.size() + " live run(s), one lane each");
        });
    }

    // --- events, once per frame ---

    /** Takes one event of a batch (the view model of the window hands them over in order). */
    void take(RunEvent e) {
        if (reading != null && reading.keeps(e)) {
            reading.kept().add(e);
            return;
        }
        switch (e) {
            case RunEvent.MetricsChanged mc -> {
                boolean changed = metrics.put(mc.run(), mc.jobId(), mc.attempt(), mc.metrics());
                if (changed && isShowing(mc.run())) shownMetricsChangedInBatch = true;
            }
            case RunEvent.RunMoved rm when rm.to().isTerminal() && !keeps(rm.run()) -> {
                metrics.forget(rm.run());
                if (showingAllLive.get()) movedInBatch = true;
            }
            default -> {
                if (showingAllLive.get()) {
                    applyToAllLive(gantt.get(), e);
                    movedInBatch = true;
                } else if (isShowing(e.run())) {
                    applyToShown(e);
                }
                // a run not on display is read from the store when it is shown
            }
        }
    }

    /** After a batch: the counts and the listeners of the timeline and of the metrics hear of it once. */
    void endBatch() {
        if (movedInBatch) {
            counts.set(gantt.get().counts());
            moves.set(moves.get() + 1);
        }
        if (shownMetricsChangedInBatch) metrics.changed();
        movedInBatch = false;
        shownMetricsChangedInBatch = false;
    }

    private void applyToShown(RunEvent e) {
        GanttModel m = gantt.get();
        switch (e) {
            case RunEvent.JobAdded a -> {
                m.addRow(a.jobId(), a.phaseId(), a.phaseId());
                movedInBatch = true;
            }
            case RunEvent.JobMoved mv -> {
                m.moved(mv.jobId(), mv.to(), mv.attempt(), mv.at().toEpochMilli(), mv.reason());
                movedInBatch = true;
            }
            case RunEvent.AttemptSubmitted as -> {
                m.submitted(as.jobId(), as.attempt());
                movedInBatch = true;
            }
            case RunEvent.AttemptPlaced ap -> {
                m.leftQueue(ap.jobId(), ap.attempt(), ap.at().toEpochMilli());
                movedInBatch = true;
            }
            case RunEvent.RunMoved rm -> {
                if (rm.to().isTerminal()) {
                    m.live(false);
                    shownRunLive.set(false);
                    reread();
                }
            }
            case RunEvent.RunNote n -> {} // the window's status line tells it
            case RunEvent.MetricsChanged mc -> {} // taken before
        }
    }

    private static void applyToAllLive(GanttModel m, RunEvent e) {
        String row = e.run() + "/";
        switch (e) {
            case RunEvent.JobMoved mv -> {
                if (m.row(row + mv.jobId()) == null) m.addRow(row + mv.jobId(), mv.phaseId(), e.run().value());
                m.moved(row + mv.jobId(), mv.to(), mv.attempt(), mv.at().toEpochMilli(), mv.reason());
            }
            case RunEvent.JobAdded a -> m.addRow(row + a.jobId(), a.phaseId(), e.run().value());
            case RunEvent.AttemptSubmitted as -> m.submitted(row + as.jobId(), as.attempt());
            case RunEvent.AttemptPlaced ap -> m.leftQueue(row + ap.jobId(), ap.attempt(), ap.at().toEpochMilli());
            default -> {} // an ended run keeps its lane until the view is asked for again
        }
    }
}
