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
import baton.model.RunRequest;
import baton.model.RunStatus;
import baton.model.StateChange;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.GanttRow;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
    /** What the open pipeline was made from: a pipeline file, one script, or a folder (set with it). */
    private final ObjectProperty<Source> pipelineSource = new SimpleObjectProperty<>();
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

    /** The selected job's state as the timeline has it (moves arrive once per frame), or null. */
    private final ObjectProperty<JobStatus> selectedJobStatus = new SimpleObjectProperty<>();
    /** The selected job's phase's {@code approve:} question while the job waits for approval, else null. */
    private final StringProperty selectedQuestion = new SimpleStringProperty();
    /** A request (approve, reject, skip, cancel) was sent and its answer has not come back yet. */
    private final BooleanProperty requestPending = new SimpleBooleanProperty(false);
    /** Each run's {@code approve:} questions by phase, from the definition it was started with (written on background threads too). */
    private final Map<RunId, Map<String, String>> questions = new ConcurrentHashMap<>();
    /** Moves into awaiting_approval already told (events of a run not on display come round again when it is shown). */
    private final Set<String> announced = new java.util.HashSet<>();
    /** How long the window waits for a run's owner (this process or another) to take a request in. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

    public MainViewModel(Engine engine, Executor background, Executor fx) {
        this.engine = engine;
        this.background = background;
        this.fx = fx;
        selectedJob.addListener((o, a, b) -> {
            updateSelectedStatus();
            loadSelectedJob();
        });
        gantt.addListener((o, a, b) -> updateSelectedStatus());
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
    public ReadOnlyObjectProperty<JobStatus> selectedJobStatusProperty() { return selectedJobStatus; }
    public javafx.beans.property.ReadOnlyStringProperty selectedQuestionProperty() { return selectedQuestion; }
    public javafx.beans.property.ReadOnlyBooleanProperty requestPendingProperty() { return requestPending; }
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
                Source kind = sourceOf(p);
                fx.execute(() -> {
                    pipelineSource.set(kind);
                    pipeline.set(p);
                    problems.clear();
                    title.set(p.definition().displayName() + " — Baton");
                    remember(file);
                    showPlan(p);
                    String said = p.notes().isEmpty() ? "" : " — " + String.join("; ", p.notes());
                    message.set("Opened " + file.getFileName() + ": " + p.definition().phases().size() + " phases" + said + ". Press Run (Ctrl+R).");
                    whenDone.run();
                });
            } catch (LoadException e) {
                fx.execute(() -> {
                    pipelineSource.set(null);
                    pipeline.set(null);
                    problems.setAll(e.problems().stream().map(Object::toString).toList());
                    title.set(file.getFileName() + " (invalid) — Baton");
                    message.set("Cannot open " + file.getFileName() + ": " + e.problems().size() + " problem(s), listed in the window");
                    whenDone.run();
                });
            }
        });
    }

    /** What a loaded pipeline was made from. */
    public enum Source { FILE, SCRIPT, FOLDER }

    public ReadOnlyObjectProperty<Source> pipelineSourceProperty() { return pipelineSource; }

    /** Off the FX thread: a script keeps its own hash apart from its equivalent YAML; a folder is its source path. */
    static Source sourceOf(LoadedPipeline p) {
        if (java.nio.file.Files.isDirectory(Path.of(p.sourcePath()))) return Source.FOLDER;
        return p.contentHash().equals(PipelineLoader.sha256(p.sourceText())) ? Source.FILE : Source.SCRIPT;
    }

    /** The first lines of a script and its sha256, shown before its first run. */
    public record ScriptPreview(Path script, List<String> firstLines, boolean more, String sha256, boolean changedSinceOpened) {}

    public static final int PREVIEW_LINES = 15;

    /** Off the FX thread: the script's head and hash as it is on disk now (empty for a pipeline file or folder). */
    public java.util.concurrent.CompletableFuture<Optional<ScriptPreview>> scriptPreview(LoadedPipeline p) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            if (sourceOf(p) != Source.SCRIPT) return Optional.<ScriptPreview>empty();
            Path script = Path.of(p.sourcePath());
            try {
                byte[] bytes = java.nio.file.Files.readAllBytes(script);
                String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                List<String> lines = text.lines().toList();
                String hash = PipelineLoader.sha256(text);
                return Optional.of(new ScriptPreview(script, lines.subList(0, Math.min(PREVIEW_LINES, lines.size())),
                        lines.size() > PREVIEW_LINES, hash, !hash.equals(p.contentHash())));
            } catch (java.io.IOException e) {
                return Optional.of(new ScriptPreview(script, List.of("(cannot read the script: " + e.getMessage() + ")"), false,
                        p.contentHash(), true));
            }
        }, background);
    }

    /** The file name "Save as pipeline…" offers: {@code <id>.baton.yaml}. */
    public static String pipelineFileName(LoadedPipeline p) {
        return p.definition().id() + ".baton.yaml";
    }

    /** The folder "Save as pipeline…" starts in: the script's folder, or the folder of scripts itself. */
    public Path pipelineFolder(LoadedPipeline p) {
        Path src = Path.of(p.sourcePath());
        return pipelineSource.get() == Source.FOLDER || src.getParent() == null ? src : src.getParent();
    }

    /** Off the FX thread: writes the pipeline's equivalent YAML to {@code target}, its paths relative to target's folder. */
    public java.util.concurrent.CompletableFuture<Path> saveAsPipeline(LoadedPipeline p, Path target) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            Path abs = target.toAbsolutePath().normalize();
            try {
                java.nio.file.Files.writeString(abs, baton.format.PipelineWriter.toYaml(p.definition(), abs.getParent()));
                return abs;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + abs + ": " + e.getMessage(), e);
            }
        }, background);
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
                questions.put(run.id(), questionsOf(p));
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

    /**
     * Cancels the run on display: directly when this process drives it, else (a run a terminal
     * started, opened from the history) by a request its owner takes in.
     */
    public void cancelShownRun() {
        RunRecord r = shownRun.get();
        if (r == null || showingAllLive.get()) return;
        LiveRun lr = liveHere(r.id());
        if (lr != null) {
            lr.cancel();
            message.set("Cancelling " + r.id() + " …");
        } else if (r.status() == RunStatus.RUNNING) {
            request(null, RunRequest.Kind.CANCEL);
        }
    }

    public void cancelSelectedJob() {
        RunRecord r = shownRun.get();
        String job = selectedJob.get();
        if (r == null || job == null || showingAllLive.get()) return;
        LiveRun lr = liveHere(r.id());
        if (lr != null) {
            lr.cancelJob(job);
            message.set("Cancelling job " + job + " …");
        } else if (r.status() == RunStatus.RUNNING) {
            request(job, RunRequest.Kind.CANCEL);
        }
    }

    /** The run as this process drives it, or null when another Baton process does (or nobody). */
    private LiveRun liveHere(RunId id) {
        LiveRun lr = live.get(id);
        if (lr != null) return lr;
        for (LiveRun r : engine.liveRuns()) if (r.id().equals(id)) return r; // an in-memory list, not the store
        return null;
    }

    // --- requests: approve, reject, skip, cancel ---

    /** Whether the run on display takes requests: this process drives it, or its record says it is running elsewhere. */
    public boolean canRequest() {
        RunRecord r = shownRun.get();
        if (r == null || showingAllLive.get()) return false;
        return liveHere(r.id()) != null ? shownRunLive.get() : r.status() == RunStatus.RUNNING;
    }

    /** The selected job waits for a person, and the run can hear one. */
    public boolean canApproveSelected() {
        return canRequest() && !requestPending.get() && selectedJobStatus.get() == JobStatus.AWAITING_APPROVAL;
    }

    /** The selected job has not started: it can be marked done without running. */
    public boolean canSkipSelected() {
        JobStatus s = selectedJobStatus.get();
        return canRequest() && !requestPending.get() && s != null && switch (s) {
            case PENDING, WAITING, QUEUED, AWAITING_APPROVAL -> true;
            default -> false;
        };
    }

    /**
     * Sends a request about {@code jobId} (null: the whole run) of the run on display, off the FX
     * thread, and waits for its owner's answer (at most {@link #ANSWER_WITHIN}). The answer goes
     * to the status bar; the timeline moves with the events that follow (a run of another process,
     * which sends none here, is read again). The future has the answer, or null when none came in
     * time; it fails with {@link RunRefused} when the request was refused (the run is no longer running).
     */
    public java.util.concurrent.CompletableFuture<String> request(String jobId, RunRequest.Kind kind) {
        RunRecord r = shownRun.get();
        if (r == null || showingAllLive.get()) return java.util.concurrent.CompletableFuture.failedFuture(new RunRefused("no run is shown"));
        java.util.concurrent.CompletableFuture<String> result = new java.util.concurrent.CompletableFuture<>();
        String what = jobId == null ? "run " + r.id() : jobId;
        String doing = switch (kind) {
            case CANCEL -> "Cancelling ";
            case APPROVE -> "Approving ";
            case REJECT -> "Rejecting ";
            case SKIP -> "Marking done ";
        };
        boolean here = liveHere(r.id()) != null;
        message.set(doing + what + (here ? "" : " (asking the Baton process that runs it)") + " …");
        requestPending.set(true);
        String by = System.getProperty("user.name");
        background.execute(() -> {
            try {
                long id = engine.request(r.id(), jobId, kind, by);
                Optional<String> answer = awaitAnswer(id);
                // a cancelled run ends once its jobs' processes have: wait for that (briefly) to tell it
                RunRecord after = engine.run(r.id()).orElse(r);
                long until = System.nanoTime() + ANSWER_WITHIN.toNanos();
                while (answer.isPresent() && kind == RunRequest.Kind.CANCEL && jobId == null && !after.status().isTerminal() && System.nanoTime() < until) {
                    Thread.sleep(200);
                    after = engine.run(r.id()).orElse(after);
                }
                RunStatus ended = after.status().isTerminal() ? after.status() : null;
                fx.execute(() -> {
                    requestPending.set(false);
                    RunRecord now = shownRun.get();
                    boolean stillShown = now != null && now.id().equals(r.id()) && !showingAllLive.get();
                    String text = answer.map(a -> "Run " + r.id() + ": " + a + (ended != null ? " (the run ended " + ended.wire() + ")" : ""))
                            .orElse("Run " + r.id() + ": asked to " + kind.wire() + " " + what + "; the Baton process running it has not answered within "
                                    + ANSWER_WITHIN.toSeconds() + " s (is it still alive?)");
                    message.set(text);
                    // a run of another process sends no events here: read what came of it
                    if (stillShown && liveHere(r.id()) == null) reloadShownRun();
                    result.complete(answer.orElse(null));
                });
            } catch (RunRefused | RuntimeException e) {
                fx.execute(() -> {
                    requestPending.set(false);
                    message.set("Not done: " + e.getMessage());
                    result.completeExceptionally(e);
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fx.execute(() -> requestPending.set(false));
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private Optional<String> awaitAnswer(long requestId) throws InterruptedException {
        long until = System.nanoTime() + ANSWER_WITHIN.toNanos();
        while (true) {
            Optional<String> answer = engine.requestOutcome(requestId);
            if (answer.isPresent() || System.nanoTime() > until) return answer;
            Thread.sleep(100);
        }
    }

    /** The {@code approve:} questions of a pipeline's phases, by phase. */
    private static Map<String, String> questionsOf(LoadedPipeline p) {
        Map<String, String> out = new java.util.HashMap<>();
        for (PhaseDef ph : p.definition().phases()) if (ph.approve() != null) out.put(ph.id(), ph.approve().strip());
        return out;
    }

    /** The question a job of {@code phaseId} waits on: its run's definition says it; the move's reason repeats it. */
    private String questionOf(RunId run, String phaseId, String reason) {
        String q = questions.getOrDefault(run, Map.of()).get(phaseId);
        if (q != null) return q;
        if (reason != null && reason.startsWith("approve: ")) return reason.substring("approve: ".length());
        return "(its question could not be read: the run's stored definition does not load)";
    }

    /** The selected job's state and question, as the timeline has them now. */
    private void updateSelectedStatus() {
        String job = selectedJob.get();
        RunRecord r = shownRun.get();
        GanttRow row = job == null || r == null || showingAllLive.get() ? null : gantt.get().row(job);
        JobStatus s = row == null ? null : row.status();
        selectedJobStatus.set(s);
        selectedQuestion.set(s == JobStatus.AWAITING_APPROVAL ? questionOf(r.id(), row.phaseId(), null) : null);
    }

    /** Tells, in the status bar and on the desktop, of jobs that began to wait for a person. */
    private void announceApprovals(List<RunEvent.JobMoved> waiting) {
        RunRecord shown = shownRun.get();
        record Ask(String question, RunId elsewhere) {}
        Map<Ask, List<String>> byQuestion = new LinkedHashMap<>();
        for (RunEvent.JobMoved mv : waiting) {
            boolean elsewhere = showingAllLive.get() || shown == null || !shown.id().equals(mv.run());
            byQuestion.computeIfAbsent(new Ask(questionOf(mv.run(), mv.phaseId(), mv.reason()), elsewhere ? mv.run() : null),
                    k -> new ArrayList<>()).add(mv.jobId());
        }
        List<String> parts = new ArrayList<>();
        for (var e : byQuestion.entrySet()) {
            List<String> jobs = e.getValue();
            String who = jobs.size() == 1 ? jobs.getFirst() + " waits"
                    : String.join(", ", jobs.subList(0, Math.min(3, jobs.size()))) + (jobs.size() > 3 ? " and " + (jobs.size() - 3) + " more" : "") + " wait";
            parts.add(who + " for approval: " + e.getKey().question() + (e.getKey().elsewhere() != null ? " (run " + e.getKey().elsewhere() + ")" : ""));
        }
        String text = String.join("; ", parts);
        message.set(text);
        notifier.accept(text);
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
        RunRecord stored = shownRun.get();
        if (stored != null && !questions.containsKey(run.id())) background.execute(() -> questions.put(run.id(), storedQuestions(stored)));
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

    /** This process drives the run on display, or another Baton process does and takes requests. */
    public boolean canCancelShownRun() {
        return canRequest();
    }

    /** Applies queued engine events; the view calls this once per frame. */
    public void drainEvents() {
        RunEvent e;
        boolean changed = false;
        GanttModel m = gantt.get();
        RunRecord shown = shownRun.get();
        boolean shownMetricsChanged = false;
        List<RunEvent.JobMoved> nowWaiting = null;
        while ((e = events.poll()) != null) {
            if (e instanceof RunEvent.JobMoved mv && mv.to() == JobStatus.AWAITING_APPROVAL
                    && announced.add(mv.run() + "/" + mv.jobId() + "@" + mv.at().toEpochMilli())) {
                if (nowWaiting == null) nowWaiting = new ArrayList<>();
                nowWaiting.add(mv);
            }
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
        if (changed) {
            counts.set(m.counts());
            updateSelectedStatus();
        }
        if (shownMetricsChanged) metricsChanged();
        if (nowWaiting != null) announceApprovals(nowWaiting);
    }

    private void runEnded(RunEvent.RunMoved rm, boolean shown) {
        String text = "Run " + rm.run() + " " + rm.to().wire();
        message.set(text);
        notifier.accept(text);
        String prefix = rm.run() + "/";
        announced.removeIf(k -> k.startsWith(prefix));
        if (!shown) {
            metricsByRun.remove(rm.run()); // read from the store again if it is ever shown
            questions.remove(rm.run());
        }
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

    /**
     * Shows a stored run: live if this process drives it; read-only otherwise, except that a run
     * another Baton process is running takes requests (cancel, approve, reject, skip).
     */
    public void openRun(RunRecord run) {
        background.execute(() -> {
            List<JobRecord> jobs = engine.jobs(run.id());
            List<StateChange> changes = engine.stateChanges(run.id(), 0);
            List<AttemptRecord> attempts = engine.attempts(run.id());
            boolean changed = engine.definitionChanged(run);
            Map<String, String> asks = storedQuestions(run);
            fx.execute(() -> {
                GanttModel m = ganttOf(jobs, changes);
                boolean isLive = live.containsKey(run.id());
                m.live(isLive);
                showingAllLive.set(false);
                buffered.remove(run.id()); // the store had them
                questions.keySet().removeIf(id -> liveHere(id) == null && !id.equals(run.id()));
                questions.put(run.id(), asks);
                shownRun.set(run);
                showMetrics(run.id(), RunMetrics.of(attempts));
                shownRunLive.set(isLive);
                gantt.set(m);
                selectedJob.set(null);
                counts.set(m.counts());
                boolean elsewhere = !isLive && run.status() == RunStatus.RUNNING && liveHere(run.id()) == null;
                message.set("Showing " + run.id() + " (" + run.status().wire() + ", " + jobs.size() + " jobs, "
                        + attempts.size() + " attempts)"
                        + (isLive ? "" : elsewhere ? " — run by another Baton process" + ownerText(run)
                                + ": as it was when opened; cancel, approve and skip are sent to it" : " — read-only")
                        + (changed ? " — its file has changed since; retry and resume use the definition it was started with" : ""));
            });
        });
    }

    private static String ownerText(RunRecord run) {
        return run.owner() == null ? "" : " (pid " + run.owner().pid() + " on " + run.owner().host() + ")";
    }

    private static GanttModel ganttOf(List<JobRecord> jobs, List<StateChange> changes) {
        GanttModel m = new GanttModel();
        for (JobRecord j : jobs) m.addRow(j.id(), j.phaseId(), j.lane());
        for (StateChange c : changes) apply(m, c);
        for (JobRecord j : jobs) {
            var row = m.row(j.id());
            if (row != null) row.exitCode(j.exitCode());
        }
        return m;
    }

    /** Off the FX thread: the questions of the definition a run was started with (none when it no longer loads). */
    private Map<String, String> storedQuestions(RunRecord run) {
        try {
            return questionsOf(engine.definitionOf(run));
        } catch (LoadException | RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * Reads the run on display again, keeping the selection: for a run of another Baton process,
     * whose moves send no events here, after a request to it was answered.
     */
    private void reloadShownRun() {
        RunRecord shown = shownRun.get();
        if (shown == null) return;
        background.execute(() -> {
            RunRecord run = engine.run(shown.id()).orElse(shown);
            List<JobRecord> jobs = engine.jobs(run.id());
            List<StateChange> changes = engine.stateChanges(run.id(), 0);
            List<AttemptRecord> attempts = engine.attempts(run.id());
            fx.execute(() -> {
                RunRecord now = shownRun.get();
                if (now == null || !now.id().equals(run.id()) || showingAllLive.get() || liveHere(run.id()) != null) return;
                GanttModel m = ganttOf(jobs, changes);
                shownRun.set(run);
                showMetrics(run.id(), RunMetrics.of(attempts));
                gantt.set(m);
                counts.set(m.counts());
                loadSelectedJob();
                if (run.status().isTerminal()) refreshHistory();
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
