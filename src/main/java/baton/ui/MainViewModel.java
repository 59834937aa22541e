package baton.ui;

import baton.engine.RunEvent;
import baton.engine.RunOptions;
import baton.engine.RunRefused;
import baton.engine.TrustCheck;
import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.format.PipelineFormat;
import baton.format.PipelineLoader;
import baton.format.PipelineWriter;
import baton.model.JobRecord;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.ui.gantt.GanttModel;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The window's state, with no JavaFX node in it: the open pipeline (or its problems), the status
 * line, and the view models of the timeline, the history, the selected job and the run actions,
 * wired together here. Engine events arrive through the one subscription of {@link EngineCalls}
 * into a queue that {@link #drainEvents} applies on the FX thread, once per frame, so a burst of
 * state changes costs one update.
 */
public final class MainViewModel {
    /** What a loaded pipeline was made from. */
    public enum Source { FILE, SCRIPT, FOLDER }

    /** The first lines of a script and its sha256, shown before its first run. */
    public record ScriptPreview(Path script, List<String> firstLines, boolean more, String sha256, boolean changedSinceOpened) {}

    public static final int PREVIEW_LINES = 15;
    private static final int RECENT_FILES = 10;

    private final OffFxThread calls;
    private final boolean outlives;
    private final javafx.beans.property.ReadOnlyStringWrapper slots = new javafx.beans.property.ReadOnlyStringWrapper("");
    private long slotsAsked;
    private boolean slotsAsking;
    /** Jobs moved since the service was last asked: asked again on a later frame (the last moves of a run count too). */
    private boolean slotsStale;
    private final LiveEvents events = new LiveEvents();
    private final DrivenRuns driven = new DrivenRuns();
    private final ApprovalNotices approvals = new ApprovalNotices();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Open a pipeline: File ▸ Open, or drop a file here");
    private final TimelineViewModel timeline;
    private final HistoryViewModel history;
    private final SelectedJobViewModel job;
    private final RunActionsViewModel actions;

    private final ReadOnlyObjectWrapper<LoadedPipeline> pipeline = new ReadOnlyObjectWrapper<>();
    /** What the open pipeline was made from: a pipeline file, one script, or a folder (set with it). */
    private final ReadOnlyObjectWrapper<Source> pipelineSource = new ReadOnlyObjectWrapper<>();
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ObservableList<String> problemsShown = FXCollections.unmodifiableObservableList(problems);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Baton");
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
    private final ObservableList<Path> recentFilesShown = FXCollections.unmodifiableObservableList(recentFiles);
    /** The last trust given: a check waits for it, so it reads what was just trusted. */
    private CompletableFuture<?> trustWritten = CompletableFuture.completedFuture(null);
    private Consumer<String> notifier = m -> {};

    public MainViewModel(EngineCalls engine, Executor background, Executor fx) {
        this.calls = new OffFxThread(engine, background, fx);
        this.outlives = engine.runsOutliveTheWindow();
        Consumer<String> say = message::set;
        timeline = new TimelineViewModel(calls, driven, approvals, say);
        history = new HistoryViewModel(calls);
        job = new SelectedJobViewModel(calls, timeline, approvals);
        actions = new RunActionsViewModel(calls, timeline, job, driven, approvals, history, say);
        engine.subscribe(events);
    }

    public TimelineViewModel timeline() { return timeline; }
    public HistoryViewModel history() { return history; }
    public SelectedJobViewModel selectedJob() { return job; }
    public RunActionsViewModel actions() { return actions; }
    public OffFxThread calls() { return calls; }

    public ReadOnlyObjectProperty<LoadedPipeline> pipelineProperty() { return pipeline.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Source> pipelineSourceProperty() { return pipelineSource.getReadOnlyProperty(); }
    public ObservableList<String> problems() { return problemsShown; }
    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ObservableList<Path> recentFiles() { return recentFilesShown; }

    // the window's questions most often asked, kept here for brevity
    public ReadOnlyObjectProperty<RunRecord> shownRunProperty() { return timeline.shownRunProperty(); }
    public GanttModel gantt() { return timeline.gantt(); }
    public StringProperty selectedJobProperty() { return job.jobProperty(); }
    public ReadOnlyObjectProperty<JobRecord> selectedJobRecordProperty() { return job.recordProperty(); }

    /** Says {@code text} on the status line. */
    public void say(String text) {
        message.set(text);
    }

    /** Who hears what the window tells the person outside the status line (a desktop notification). */
    public void onNotify(Consumer<String> n) {
        notifier = n;
    }

    private void tell(String text) {
        message.set(text);
        notifier.accept(text);
    }

    /** Runs this process drives now. */
    public int liveRunCount() {
        return driven.count();
    }

    /** "Jobs running 1 of 2": the service's machine-wide budget (empty without a service). */
    public ReadOnlyStringProperty slotsProperty() {
        return slots.getReadOnlyProperty();
    }

    /** Asks the service how many of its slots are in use: when jobs moved, at most twice a second. */
    private void refreshSlots() {
        long now = System.nanoTime();
        if (!outlives || slotsAsking || now - slotsAsked < 500_000_000L) return;
        slotsAsking = true;
        slotsStale = false;
        slotsAsked = now;
        calls.call(EngineCalls::slots).whenComplete((s, e) -> {
            slotsAsking = false;
            if (s != null) s.ifPresent(x -> slots.set("Jobs running " + x.inUse() + (x.max() > 0 ? " of " + x.max() + " (max_jobs)" : "")));
        });
    }

    /** Whether this window's runs go on after it closes (they run in the background service). */
    public boolean runsOutliveTheWindow() {
        return outlives;
    }

    public DrivenRuns drivenRuns() {
        return driven;
    }

    public void cancelAll() {
        actions.cancelAll();
    }

    /**
     * With the background service: the live runs of the data directory are this window's to watch
     * and cancel, whoever started them. When it opens, or when a run starts from a terminal or
     * another window, one is shown if the window shows no run yet (a file's plan is not a run).
     */
    public void followServiceRuns() {
        if (!outlives) return;
        driven.followEvents();
        refreshSlots();
        calls.call(EngineCalls::drivenRuns).thenAccept(ids -> {
            driven.live(ids);
            if (!ids.isEmpty()) liveElsewhere(new ArrayList<>(ids));
        }).exceptionally(e -> {
            // the first call reaches (or starts) the service: when it cannot, every action will say the same
            message.set("Cannot reach the Baton service: " + OffFxThread.causeOf(e).getMessage());
            return null;
        });
    }

    private void liveElsewhere(List<RunId> runs) {
        history.refresh();
        if (actions.runToBeShown() || timeline.reading() || timeline.shownId() != null || timeline.showingAllLiveProperty().get()) return;
        List<RunId> live = runs.stream().filter(driven::contains).toList();
        if (live.size() == 1) timeline.show(live.getFirst(), TimelineViewModel.Purpose.VIEW, null);
        else if (live.size() > 1) timeline.showAllLive();
    }

    /** What the engine found worth telling when it opened (runs it recovered) goes to the status line. */
    public void showEngineNotes() {
        calls.call(EngineCalls::takeNotes).thenAccept(notes -> {
            if (!notes.isEmpty()) message.set(String.join("; ", notes));
        }).exceptionally(OffFxThread.logged("cannot read the engine's notes"));
    }

    // --- events, once per frame ---

    /** Applies the engine events that arrived since the last frame; the view calls this once per frame. */
    public void drainEvents() {
        List<RunId> startedElsewhere = new ArrayList<>();
        List<RunEvent> batch = events.takeEvents();
        slotsStale |= !batch.isEmpty();
        if (slotsStale) refreshSlots();
        for (RunEvent e : batch) {
            if (driven.seen(e)) startedElsewhere.add(e.run());
            approvals.see(e);
            switch (e) {
                // a paused run says why wherever the person is looking
                case RunEvent.RunNote n -> message.set("Run " + n.run() + ": " + n.text());
                case RunEvent.RunMoved rm when rm.to().isTerminal() -> {
                    timeline.take(rm);
                    approvals.ended(rm.run(), timeline.keeps(rm.run()));
                    tell("Run " + rm.run() + " " + rm.to().wire());
                    history.refresh();
                }
                default -> {
                    timeline.take(e);
                    job.seen(e);
                }
            }
        }
        timeline.endBatch();
        for (RunId id : events.takeFinished()) driven.finished(id);
        if (!startedElsewhere.isEmpty()) liveElsewhere(startedElsewhere);
        // jobs of a run about to be shown are told of once it is: after what the window says on showing it, and without "(run …)"
        if (timeline.reading() || actions.runToBeShown()) return;
        String waiting = approvals.announce(timeline.shownId());
        if (waiting != null) tell(waiting);
    }

    // --- the open pipeline ---

    /** Loads a pipeline file off the FX thread; shows it, or its located problems. */
    public void open(Path file, Runnable whenDone) {
        message.set("Opening " + file + " …");
        calls.work(() -> {
            LoadedPipeline p = PipelineLoader.load(file);
            return Map.entry(p, sourceOf(p));
        }).whenComplete((loaded, failure) -> {
            if (failure == null) opened(file, loaded.getKey(), loaded.getValue());
            else if (OffFxThread.causeOf(failure) instanceof LoadException e) cannotOpen(file, e);
            else message.set("Cannot open " + file.getFileName() + ": " + OffFxThread.causeOf(failure).getMessage());
            whenDone.run();
        });
    }

    private void opened(Path file, LoadedPipeline p, Source kind) {
        pipelineSource.set(kind);
        pipeline.set(p);
        problems.clear();
        title.set(p.definition().displayName() + " — Baton");
        remember(file);
        timeline.showPlan(p);
        String said = p.notes().isEmpty() ? "" : " — " + String.join("; ", p.notes());
        message.set("Opened " + file.getFileName() + ": " + p.definition().phases().size() + " phases" + said + ". Press Run (Ctrl+R).");
    }

    private void cannotOpen(Path file, LoadException e) {
        pipelineSource.set(null);
        pipeline.set(null);
        problems.setAll(e.problems().stream().map(Object::toString).toList());
        title.set(file.getFileName() + " (invalid) — Baton");
        message.set("Cannot open " + file.getFileName() + ": " + e.problems().size() + " problem(s), listed in the window");
    }

    private void remember(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        recentFiles.remove(abs);
        recentFiles.addFirst(abs);
        if (recentFiles.size() > RECENT_FILES) recentFiles.remove(RECENT_FILES, recentFiles.size());
    }

    /** Off the FX thread: a script keeps its own hash apart from its equivalent YAML; a folder is its source path. */
    static Source sourceOf(LoadedPipeline p) {
        if (Files.isDirectory(Path.of(p.sourcePath()))) return Source.FOLDER;
        return p.contentHash().equals(PipelineLoader.sha256(p.sourceText())) ? Source.FILE : Source.SCRIPT;
    }

    /** The script's head and hash as it is on disk now (empty for a pipeline file or folder), read off the FX thread. */
    public CompletableFuture<Optional<ScriptPreview>> scriptPreview(LoadedPipeline p) {
        return calls.work(() -> {
            if (sourceOf(p) != Source.SCRIPT) return Optional.<ScriptPreview>empty();
            Path script = Path.of(p.sourcePath());
            try {
                String text = new String(Files.readAllBytes(script), StandardCharsets.UTF_8);
                List<String> lines = text.lines().toList();
                String hash = PipelineLoader.sha256(text);
                return Optional.of(new ScriptPreview(script, lines.subList(0, Math.min(PREVIEW_LINES, lines.size())),
                        lines.size() > PREVIEW_LINES, hash, !hash.equals(p.contentHash())));
            } catch (IOException e) {
                return Optional.of(new ScriptPreview(script, List.of("(cannot read the script: " + e.getMessage() + ")"), false,
                        p.contentHash(), true));
            }
        });
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

    /** Writes the pipeline's equivalent YAML to {@code target} off the FX thread, its paths relative to target's folder. */
    public CompletableFuture<Path> saveAsPipeline(LoadedPipeline p, Path target) {
        return calls.work(() -> {
            Path abs = target.toAbsolutePath().normalize();
            try {
                Files.writeString(abs, PipelineWriter.toYaml(p.definition(), abs.getParent()));
                return abs;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + abs + ": " + e.getMessage(), e);
            }
        });
    }

    /** A roadmap's groups that fully succeeded in its latest run (none for other formats): "skip the groups done". */
    public CompletableFuture<Set<String>> groupsDone(LoadedPipeline p) {
        if (p.format() != PipelineFormat.ROADMAP) return CompletableFuture.completedFuture(Set.of());
        return calls.call(e -> e.roadmapGroupsDone(p));
    }

    // --- trust ---

    /** Whether the file may run without asking; read after any trust just given (the check hashes every script the commands name). */
    public CompletableFuture<TrustCheck> checkTrust(LoadedPipeline p) {
        return trustWritten.handle((v, e) -> p).thenCompose(q -> calls.call(e -> e.checkTrust(q)));
    }

    /** Trusts what the person was shown in the trust dialog. */
    public CompletableFuture<?> trust(TrustCheck shown) {
        return trusting(calls.call(e -> {
            e.trust(shown.fingerprint());
            return shown;
        }));
    }

    /** Trusts the file and its scripts as they are now, without asking (tools and tests). */
    public CompletableFuture<?> trust(LoadedPipeline p) {
        return trusting(calls.call(e -> {
            e.trust(e.checkTrust(p).fingerprint());
            return p;
        }));
    }

    private CompletableFuture<?> trusting(CompletableFuture<?> written) {
        trustWritten = written;
        written.exceptionally(e -> {
            message.set("Not trusted: " + OffFxThread.causeOf(e).getMessage());
            return null;
        });
        return written;
    }

    // --- runs ---

    /** Starts a run of the open pipeline and shows it; the future fails with {@link RunRefused} when it cannot start. */
    public CompletableFuture<RunId> start(RunOptions options) {
        LoadedPipeline p = pipeline.get();
        if (p == null) return CompletableFuture.failedFuture(new RunRefused("no pipeline is open"));
        return start(p, options);
    }

    public CompletableFuture<RunId> start(LoadedPipeline p, RunOptions options) {
        return actions.start(p, options);
    }
}
