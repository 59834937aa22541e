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
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.model.RunRequest;
import baton.model.StateChange;
import baton.model.TrustFingerprint;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * {@link EngineCalls} answered by an engine in this process: the window's runs are driven here,
 * and their events reach the subscribers through the one listener every run is started with.
 */
public final class LocalEngineCalls implements EngineCalls, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("baton.ui");

    private final Engine engine;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final RunListener relay = this::relay;

    public LocalEngineCalls(Engine engine) {
        this.engine = engine;
    }

    private void relay(List<RunEvent> events) {
        for (Listener l : listeners) l.onEvents(events);
    }

    /** Tells the subscribers when the coordinator lets the run go, however it ends. */
    private RunId watch(LiveRun run) {
        run.done().whenComplete((status, broke) -> {
            if (broke != null) LOG.log(System.Logger.Level.WARNING, "run " + run.id() + " stopped without ending: " + broke.getMessage(), broke);
            for (Listener l : listeners) l.onRunFinished(run.id());
        });
        return run.id();
    }

    private Optional<LiveRun> driven(RunId id) {
        return engine.liveRuns().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    @Override
    public void subscribe(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public RunId start(LoadedPipeline pipeline, RunOptions options) throws RunRefused {
        return watch(engine.start(pipeline, options, List.of(relay)));
    }

    @Override
    public List<String> retryPlan(RunId run, Collection<String> jobIds) throws RunRefused {
        return engine.retryPlan(run, jobIds);
    }

    @Override
    public void retry(RunId run, Collection<String> jobIds) throws RunRefused {
        watch(engine.retry(run, jobIds, List.of(relay)));
    }

    @Override
    public void resume(RunId run) throws RunRefused {
        watch(engine.resume(run, List.of(relay)));
    }

    @Override
    public boolean cancel(RunId run) {
        Optional<LiveRun> lr = driven(run);
        lr.ifPresent(LiveRun::cancel);
        return lr.isPresent();
    }

    @Override
    public boolean cancelJob(RunId run, String jobId) {
        Optional<LiveRun> lr = driven(run);
        lr.ifPresent(r -> r.cancelJob(jobId));
        return lr.isPresent();
    }

    @Override
    public Set<RunId> drivenRuns() {
        return engine.liveRuns().stream().map(LiveRun::id).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public long request(RunId run, String jobId, RunRequest.Kind kind, String by) throws RunRefused {
        return engine.request(run, jobId, kind, by);
    }

    @Override
    public Optional<String> requestOutcome(long requestId) {
        return engine.requestOutcome(requestId);
    }

    @Override
    public List<RunRecord> runs(int limit) {
        return engine.runs(limit);
    }

    @Override
    public Optional<RunRecord> run(RunId run) {
        return engine.run(run);
    }

    @Override
    public List<JobRecord> jobs(RunId run) {
        return engine.jobs(run);
    }

    @Override
    public List<AttemptRecord> attempts(RunId run) {
        return engine.attempts(run);
    }

    @Override
    public List<StateChange> stateChanges(RunId run, long afterSeq) {
        return engine.stateChanges(run, afterSeq);
    }

    @Override
    public LoadedPipeline definitionOf(RunRecord run) throws LoadException {
        return engine.definitionOf(run);
    }

    @Override
    public boolean definitionChanged(RunRecord run) {
        return engine.definitionChanged(run);
    }

    @Override
    public Set<String> roadmapGroupsDone(LoadedPipeline pipeline) {
        return engine.roadmapGroupsDone(pipeline);
    }

    @Override
    public TrustCheck checkTrust(LoadedPipeline pipeline) {
        return engine.checkTrust(pipeline);
    }

    @Override
    public void trust(TrustFingerprint shown) {
        engine.trust(shown);
    }

    @Override
    public List<String> takeNotes() {
        return engine.takeNotes();
    }

    /** The window closes: waits a while for the runs it drove to end (they were asked to), then closes the engine. */
    @Override
    public void close() {
        Duration each = Duration.ofSeconds(10);
        for (LiveRun run : engine.liveRuns()) {
            try {
                run.done().get(each.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // an unfinished run stays 'running' and is found as interrupted later
                LOG.log(System.Logger.Level.WARNING, "run " + run.id() + " had not ended when the window closed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.log(System.Logger.Level.WARNING, "interrupted while waiting for run " + run.id() + " to end", e);
            }
        }
        engine.close();
    }
}
