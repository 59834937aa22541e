package baton.ui;

import baton.engine.Engine;
import baton.engine.LiveRun;
import baton.engine.RunEvent;
import baton.engine.RunListener;
import baton.engine.RunOptions;
import baton.engine.RunRefused;
import baton.engine.TrustCheck;
import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.PhaseDef;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.model.RunStatus;
import baton.model.StateChange;
import baton.ui.gantt.GanttModel;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The window's state, with no JavaFX node in it: the open pipeline (or its problems), the run on
 * display and its Gantt model, the run history, the selected job and the status counts. Engine
 * events arrive on coordinator threads into a queue that {@link #drainEvents} applies on the FX
 * thread, once per frame, so a burst of state changes costs one update.
 */
public final class MainViewModel {
    private final Engine engine;
    private final Executor background;
    private final Executor fx;

    private final ObjectProperty<LoadedPipeline> pipeline = new SimpleObjectProperty<>();
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final StringProperty title = new SimpleStringProperty("Baton");
    private final ObservableList<RunSummaryRow> history = FXCollections.observableArrayList();
    private final ObjectProperty<RunRecord> shownRun = new SimpleObjectProperty<>();
    private final ObjectProperty<GanttModel> gantt = new SimpleObjectProperty<>(new GanttModel());
    private final BooleanProperty shownRunLive = new SimpleBooleanProperty(false);
    private final StringProperty selectedJob = new SimpleStringProperty();
    private final ObjectProperty<JobRecord> selectedJobRecord = new SimpleObjectProperty<>();
    private final ObservableList<AttemptRecord> selectedAttempts = FXCollections.observableArrayList();
    private final ObjectProperty<Map<JobStatus, Integer>> counts = new SimpleObjectProperty<>(Map.of());
    private final StringProperty message = new SimpleStringProperty("Open a pipeline: File ▸ Open, or drop a file here");
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
    private final Map<RunId, LiveRun> live = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RunEvent> events = new ConcurrentLinkedQueue<>();
    /** Metrics per attempt of every live run and of the run on display (FX thread only). */
    private final Map<RunId, RunMetrics> metricsByRun = new java.util.HashMap<>();
    private static final RunMetrics NO_METRICS = new RunMetrics();
    /** Goes up when the shown run's metrics change: the job panel and the status bar read {@link #metrics()} again. */
    private final javafx.beans.property.LongProperty metricsVersion = new javafx.beans.property.SimpleLongProperty();
    private final RunListener bridge = events::addAll;
    private Consumer<String> notifier = m -> {};

    public MainViewModel(Engine engine, Executor background, Executor fx) {
        this.engine = engine;
        this.background = background;
        this.fx = fx;
        selectedJob.addListener((o, a, b) -> loadSelectedJob());
    }

    // --- properties ---
    public ReadOnlyObjectProperty<LoadedPipeline> pipelineProperty() { return pipeline; }
    public ObservableList<String> problems() { return problems; }
    public StringProperty titleProperty() { return title; }
    public ObservableList<RunSummaryRow> history() { return history; }
    public ReadOnlyObjectProperty<RunRecord> shownRunProperty() { return shownRun; }
    public ObjectProperty<GanttModel> ganttProperty() { return gantt; }
    public BooleanProperty shownRunLiveProperty() { return shownRunLive; }
    public StringProperty selectedJobProperty() { return selectedJob; }
    public ReadOnlyObjectProperty<JobRecord> selectedJobRecordProperty() { return selectedJobRecord; }
    public ObservableList<AttemptRecord> selectedAttempts() { return selectedAttempts; }
    public ReadOnlyObjectProperty<Map<JobStatus, Integer>> countsProperty() { return counts; }
    public StringProperty messageProperty() { return message; }
    public javafx.beans.property.ReadOnlyLongProperty metricsVersionProperty() { return metricsVersion; }
    public ObservableList<Path> recentFiles() { return recentFiles; }
    public Engine engine() { return engine; }
    public GanttModel gantt() { return gantt.get(); }
    public Executor background() { return background; }
    public Executor fx() { return fx; }

    public void onNotify(Consumer<String> n) {
        notifier = n;
    }

    /** The shown run's metrics per attempt (none when no run is shown). */
    public RunMetrics metrics() {
        RunRecord r = shownRun.get();
        return r == null ? NO_METRICS : metricsByRun.getOrDefault(r.id(), NO_METRICS);
    }

    private void metricsChanged() {
        metricsVersion.set(metricsVersion.get() + 1);
    }

    /** Shows {@code run}'s metrics from now on; those of runs that are neither live nor shown are let go. */
    private void showMetrics(RunId run, RunMetrics m) {
        metricsByRun.keySet().removeIf(id -> !live.containsKey(id) && !id.equals(run));
        if (m != null) metricsByRun.put(run, m);
        else metricsByRun.computeIfAbsent(run, k -> new RunMetrics());
        metricsChanged();
    }

    public boolean hasLiveRuns() {
        return !live.isEmpty();
    }

    public int liveRunCount() {
        return live.size();
    }

    // --- opening files ---

    /** Loads a pipeline file off the FX thread; shows it, or its located problems. */
    public void open(Path file, Runnable whenDone) {
        message.set("Opening " + file + " …");
        background.execute(() -> {
            try {
                LoadedPipeline p = PipelineLoader.load(file);
                fx.execute(() -> {
                    pipeline.set(p);
                    problems.clear();
                    title.set(p.definition().displayName() + " — Baton");
                    remember(file);
                    showPlan(p);
                    message.set("Opened " + file.getFileName() + ": " + p.definition().phases().size() + " phases. Press Run (Ctrl+R).");
                    whenDone.run();
                });
            } catch (LoadException e) {
                fx.execute(() -> {
                    pipeline.set(null);
                    problems.setAll(e.problems().stream().map(Object::toString).toList());
                    title.set(file.getFileName() + " (invalid) — Baton");
                    message.set("Cannot open " + file.getFileName() + ": " + e.problems().size() + " problem(s), listed in the window");
                    whenDone.run();
                });
            }
        });
    }

    private void remember(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        recentFiles.remove(abs);
        recentFiles.addFirst(abs);
        if (recentFiles.size() > 10) recentFiles.remove(10, recentFiles.size());
    }

    /** Before the first run, the Gantt shows the jobs the file will make, all pending. */
    private void showPlan(LoadedPipeline p) {
        GanttModel m = new GanttModel();
        for (PhaseDef ph : p.definition().phases()) m.addRow(ph.id(), ph.id(), ph.laneOrId());
        showingAllLive.set(false);
        shownRun.set(null);
        shownRunLive.set(false);
        selectedJob.set(null);
        gantt.set(m);
        counts.set(m.counts());
        metricsChanged();
    }

    // --- trust ---

    /** Off the FX thread: the check reads the store and hashes every script the file's commands name. */
    public java.util.concurrent.CompletableFuture<TrustCheck> checkTrust(LoadedPipeline p) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> engine.checkTrust(p), background);
    }

    /** Trusts what the person was shown in the trust dialog. */
    public void trust(TrustCheck shown) {
        engine.trust(shown.fingerprint());
    }

    /** Trusts the file and its scripts as they are now, without asking (tools and tests). */
    public void trust(LoadedPipeline p) {
        engine.trust(engine.checkTrust(p).fingerprint());
    }

    /** What the file will run, shown before it is trusted. */
    public static List<String> commandsOf(LoadedPipeline p) {
        List<String> out = new ArrayList<>();
        for (PhaseDef ph : p.definition().phases()) {
            String what = ph.run() != null ? ph.run().strip() : ph.http() != null ? ph.http().method() + " " + ph.http().url() : "";
            out.add(ph.id() + (ph.optional() ? " (optional)" : "") + ":  " + what);
        }
        return out;
    }

    // --- runs ---

    /** Starts a run of the open pipeline and shows it; the future fails with {@link RunRefused} when it cannot start. */
    public java.util.concurrent.CompletableFuture<RunId> start(RunOptions options) {
        LoadedPipeline p = pipeline.get();
        if (p == null) return java.util.concurrent.CompletableFuture.failedFuture(new RunRefused("no pipeline is open"));
        return start(p, options);
    }

    /**
     * Starts a run off the FX thread (creating a run writes all its jobs to the store) and shows
     * it when it exists. Events that arrive before the model does wait in the run's buffer.
     */
    public java.util.concurrent.CompletableFuture<RunId> start(LoadedPipeline p, RunOptions options) {
        java.util.concurrent.CompletableFuture<RunId> result = new java.util.concurrent.CompletableFuture<>();
        message.set("Starting " + p.definition().displayName() + " …");
        background.execute(() -> {
            try {
                LiveRun run = engine.start(p, options, List.of(bridge));
                live.put(run.id(), run);
                run.done().whenComplete((s, e) -> live.remove(run.id()));
                RunRecord record = engine.run(run.id()).orElseThrow();
                List<JobRecord> jobs = engine.jobs(run.id());
                fx.execute(() -> {
                    GanttModel m = new GanttModel();
                    for (JobRecord j : jobs) m.addRow(j.id(), j.phaseId(), j.lane());
                    m.live(true);
                    showingAllLive.set(false);
                    shownRun.set(record);
                    shownRunLive.set(true);
                    gantt.set(m);
                    selectedJob.set(null);
                    showMetrics(record.id(), null);
                    applyBuffered(record.id());
                    counts.set(m.counts());
                    message.set("Running " + record.id() + " …");
                    refreshHistory();
                    result.complete(run.id());
                });
            } catch (RunRefused | RuntimeException e) {
                fx.execute(() -> {
                    message.set("The run did not start: " + e.getMessage());
                    result.completeExceptionally(e);
                });
            }
        });
        return result;
    }

    /** Events of live runs that are not on display, kept until they are (or until the run ends). */
    private final Map<RunId, List<RunEvent>> buffered = new java.util.HashMap<>();

    private void applyBuffered(RunId id) {
        List<RunEvent> waiting = buffered.remove(id);
        if (waiting == null) return;
        events.addAll(waiting);
        drainEvents();
    }

    private static void apply(GanttModel m, StateChange c) {
        if (c.jobId() == null) return;
        m.moved(c.jobId(), JobStatus.fromWire(c.to()), c.attempt(), c.at().toEpochMilli());
    }

    public void cancelShownRun() {
        RunRecord r = shownRun.get();
        if (r == null) return;
        LiveRun lr = live.get(r.id());
        if (lr != null) {
            lr.cancel();
            message.set("Cancelling " + r.id() + " …");
        }
    }

    public void cancelSelectedJob() {
        RunRecord r = shownRun.get();
        String job = selectedJob.get();
        if (r == null || job == null) return;
        LiveRun lr = live.get(r.id());
        if (lr != null) {
            lr.cancelJob(job);
            message.set("Cancelling job " + job + " …");
        }
    }

    public void cancelAll() {
        live.values().forEach(LiveRun::cancel);
    }

    /** What a retry would run again: the selected job and its dependents, or every failed one (null). */
    public List<String> retryPlan(String jobId) throws RunRefused {
        RunRecord r = shownRun.get();
        if (r == null) throw new RunRefused("no run is shown");
        return engine.retryPlan(r.id(), jobId == null ? List.of() : List.of(jobId));
    }

    /** Retries in the shown run, in place: the timeline keeps the earlier attempts. */
    public void retry(String jobId) throws RunRefused {
        RunRecord r = shownRun.get();
        if (r == null) throw new RunRefused("no run is shown");
        List<String> plan = retryPlan(jobId);
        LiveRun run = engine.retry(r.id(), jobId == null ? List.of() : List.of(jobId), List.of(bridge));
        continueShown(run, plan, "Retrying " + plan.size() + " job(s) of " + r.id());
    }

    public void resume() throws RunRefused {
        RunRecord r = shownRun.get();
        if (r == null) throw new RunRefused("no run is shown");
        LiveRun run = engine.resume(r.id(), List.of(bridge));
        continueShown(run, List.of(), "Resuming " + r.id());
    }

    private void continueShown(LiveRun run, List<String> reset, String text) {
        live.put(run.id(), run);
        run.done().whenComplete((s, e) -> live.remove(run.id()));
        GanttModel m = gantt.get();
        long now = System.currentTimeMillis();
        // the resets were committed before the run went on, so no event tells of them
        for (String job : reset) {
            var row = m.row(job);
            if (row != null) m.moved(job, JobStatus.PENDING, row.attempt(), now);
        }
        m.live(true);
        shownRunLive.set(true);
        engine.run(run.id()).ifPresent(shownRun::set);
        showMetrics(run.id(), null);
        counts.set(m.counts());
        message.set(text);
        refreshHistory();
    }

    public boolean canRetry() {
        RunRecord r = shownRun.get();
        if (r == null || live.containsKey(r.id()) || r.status() == RunStatus.RUNNING) return false;
        return counts.get().entrySet().stream().anyMatch(e -> e.getValue() > 0 && switch (e.getKey()) {
            case FAILED, TIMED_OUT, CANCELLED, BLOCKED -> true;
            default -> false;
        });
    }

    public boolean canRetryJob() {
        RunRecord r = shownRun.get();
        JobRecord j = selectedJobRecord.get();
        return r != null && j != null && !live.containsKey(r.id()) && r.status() != RunStatus.RUNNING && j.status().isTerminal();
    }

    public boolean canResume() {
        RunRecord r = shownRun.get();
        return r != null && r.status() == RunStatus.INTERRUPTED && !live.containsKey(r.id());
    }

    // --- every live run on one timeline ---

    private final BooleanProperty showingAllLive = new SimpleBooleanProperty(false);

    public BooleanProperty showingAllLiveProperty() { return showingAllLive; }

    /** One lane per live run, its jobs under it: what the machine is doing now. */
    public void showAllLive() {
        GanttModel m = new GanttModel();
        m.live(true);
        for (LiveRun lr : live.values()) {
            RunId id = lr.id();
            for (JobRecord j : engine.jobs(id)) m.addRow(id + "/" + j.id(), j.phaseId(), id.value());
            for (StateChange c : engine.stateChanges(id, 0)) {
                if (c.jobId() != null) m.moved(id + "/" + c.jobId(), JobStatus.fromWire(c.to()), c.attempt(), c.at().toEpochMilli());
            }
        }
        showingAllLive.set(true);
        shownRun.set(null);
        shownRunLive.set(true);
        selectedJob.set(null);
        gantt.set(m);
        counts.set(m.counts());
        metricsChanged();
        message.set(live.isEmpty() ? "No run is live" : live.size() + " live run(s), one lane each");
    }

    public boolean canCancelShownRun() {
        RunRecord r = shownRun.get();
        return r != null && live.containsKey(r.id());
    }

    /** Applies queued engine events; the view calls this once per frame. */
    public void drainEvents() {
        RunEvent e;
        boolean changed = false;
        GanttModel m = gantt.get();
        RunRecord shown = shownRun.get();
        boolean shownMetricsChanged = false;
        while ((e = events.poll()) != null) {
            if (e instanceof RunEvent.MetricsChanged mc) {
                // kept for every live run, shown or not: a run shows its totals as soon as it is shown
                boolean changedHere = metricsByRun.computeIfAbsent(mc.run(), k -> new RunMetrics()).put(mc.jobId(), mc.attempt(), mc.metrics());
                if (changedHere && !showingAllLive.get() && shown != null && shown.id().equals(mc.run())) shownMetricsChanged = true;
                continue;
            }
            if (showingAllLive.get()) {
                switch (e) {
                    case RunEvent.JobMoved mv -> {
                        if (m.row(e.run() + "/" + mv.jobId()) == null) m.addRow(e.run() + "/" + mv.jobId(), mv.phaseId(), e.run().value());
                        m.moved(e.run() + "/" + mv.jobId(), mv.to(), mv.attempt(), mv.at().toEpochMilli());
                    }
                    case RunEvent.JobAdded a -> m.addRow(e.run() + "/" + a.jobId(), a.phaseId(), e.run().value());
                    case RunEvent.RunMoved rm -> {
                        if (rm.to().isTerminal()) runEnded(rm, false);
                    }
                    case RunEvent.RunNote n -> message.set("Run " + n.run() + ": " + n.text());
                    case RunEvent.MetricsChanged mc -> {} // taken above
                }
                changed = true;
                continue;
            }
            if (e instanceof RunEvent.RunNote n) {
                // a paused run says why wherever the person is looking
                message.set("Run " + n.run() + ": " + n.text());
                continue;
            }
            if (shown == null || !e.run().equals(shown.id())) {
                if (e instanceof RunEvent.RunMoved rm && rm.to().isTerminal()) {
                    buffered.remove(e.run());
                    runEnded(rm, false);
                } else {
                    buffered.computeIfAbsent(e.run(), k -> new ArrayList<>()).add(e);
                }
                continue;
            }
            switch (e) {
                case RunEvent.JobAdded a -> {
                    m.addRow(a.jobId(), a.phaseId(), a.phaseId());
                    changed = true;
                }
                case RunEvent.JobMoved mv -> {
                    m.moved(mv.jobId(), mv.to(), mv.attempt(), mv.at().toEpochMilli());
                    changed = true;
                    // a new attempt of the selected job shows as it starts (its log, its live metrics)
                    if (mv.jobId().equals(selectedJob.get()) && (mv.to().isTerminal() || mv.to() == JobStatus.RUNNING)) loadSelectedJob();
                }
                case RunEvent.RunNote n -> {}
                case RunEvent.MetricsChanged mc -> {} // taken above
                case RunEvent.RunMoved rm -> {
                    if (rm.to().isTerminal()) {
                        m.live(false);
                        shownRunLive.set(false);
                        runEnded(rm, true);
                    }
                }
            }
        }
        if (changed) counts.set(m.counts());
        if (shownMetricsChanged) metricsChanged();
    }

    private void runEnded(RunEvent.RunMoved rm, boolean shown) {
        String text = "Run " + rm.run() + " " + rm.to().wire();
        message.set(text);
        notifier.accept(text);
        if (!shown) metricsByRun.remove(rm.run()); // read from the store again if it is ever shown
        refreshHistory();
        if (shown) engine.run(rm.run()).ifPresent(shownRun::set);
        if (shown && selectedJob.get() != null) loadSelectedJob();
    }

    // --- history ---

    public void refreshHistory() {
        background.execute(() -> {
            List<RunSummaryRow> rows = engine.runs(500).stream().map(RunSummaryRow::new).toList();
            fx.execute(() -> history.setAll(rows));
        });
    }

    /** Shows a stored run (read-only unless it is live in this process). */
    public void openRun(RunRecord run) {
        background.execute(() -> {
            List<JobRecord> jobs = engine.jobs(run.id());
            List<StateChange> changes = engine.stateChanges(run.id(), 0);
            List<AttemptRecord> attempts = engine.attempts(run.id());
            boolean changed = engine.definitionChanged(run);
            fx.execute(() -> {
                GanttModel m = new GanttModel();
                for (JobRecord j : jobs) m.addRow(j.id(), j.phaseId(), j.lane());
                for (StateChange c : changes) apply(m, c);
                for (JobRecord j : jobs) {
                    var row = m.row(j.id());
                    if (row != null) row.exitCode(j.exitCode());
                }
                boolean isLive = live.containsKey(run.id());
                m.live(isLive);
                showingAllLive.set(false);
                buffered.remove(run.id()); // the store had them
                shownRun.set(run);
                showMetrics(run.id(), RunMetrics.of(attempts));
                shownRunLive.set(isLive);
                gantt.set(m);
                selectedJob.set(null);
                counts.set(m.counts());
                message.set("Showing " + run.id() + " (" + run.status().wire() + ", " + jobs.size() + " jobs, "
                        + attempts.size() + " attempts)" + (isLive ? "" : " — read-only")
                        + (changed ? " — its file has changed since; retry and resume use the definition it was started with" : ""));
            });
        });
    }

    // --- the selected job ---

    private void loadSelectedJob() {
        RunRecord run = shownRun.get();
        String job = selectedJob.get();
        if (run == null || job == null) {
            selectedJobRecord.set(null);
            selectedAttempts.clear();
            return;
        }
        background.execute(() -> {
            JobRecord rec = engine.jobs(run.id()).stream().filter(j -> j.id().equals(job)).findFirst().orElse(null);
            List<AttemptRecord> atts = engine.attempts(run.id()).stream().filter(a -> a.jobId().equals(job)).toList();
            fx.execute(() -> {
                if (!job.equals(selectedJob.get())) return;
                selectedJobRecord.set(rec);
                selectedAttempts.setAll(atts);
                var row = gantt.get().row(job);
                if (row != null && rec != null) row.exitCode(rec.exitCode());
            });
        });
    }
}
