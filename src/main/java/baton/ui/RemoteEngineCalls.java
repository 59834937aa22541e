package baton.ui;

import baton.client.RemoteClient;
import baton.client.StartRequest;
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

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link EngineCalls} answered by the data directory's background service: the window is one of
 * its clients, hears every run of the data directory (started here, from a terminal or from
 * another window), and its runs are started detached, so they go on when the window closes.
 */
public final class RemoteEngineCalls implements EngineCalls, AutoCloseable {
    private final RemoteClient client;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public RemoteEngineCalls(RemoteClient client) {
        this.client = client;
        client.watchAll(events -> {
            for (Listener l : listeners) l.onEvents(events);
        }, run -> {
            for (Listener l : listeners) l.onRunFinished(run);
        });
    }

    @Override
    public void subscribe(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean runsOutliveTheWindow() {
        return true;
    }

    @Override
    public RunId start(LoadedPipeline pipeline, RunOptions options) throws RunRefused {
        StartRequest one = StartRequest.of(pipeline, options);
        StartRequest detached = new StartRequest(one.pipeline(), options, null, one.limit(), false, true);
        return client.start(detached, null).runs().getFirst().id();
    }

    @Override
    public List<String> retryPlan(RunId run, Collection<String> jobIds) throws RunRefused {
        return client.retryPlan(run, jobIds);
    }

    @Override
    public void retry(RunId run, Collection<String> jobIds) throws RunRefused {
        client.retry(run, jobIds, true, null);
    }

    @Override
    public void resume(RunId run) throws RunRefused {
        client.resume(run, true, null);
    }

    @Override
    public boolean cancel(RunId run) {
        return client.cancel(run);
    }

    @Override
    public boolean cancelJob(RunId run, String jobId) {
        try {
            client.request(run, jobId, RunRequest.Kind.CANCEL, System.getProperty("user.name"));
            return true;
        } catch (RunRefused notLive) {
            return false;
        }
    }

    @Override
    public Set<RunId> drivenRuns() {
        return Set.copyOf(new HashSet<>(client.status().liveRuns()));
    }

    @Override
    public long request(RunId run, String jobId, RunRequest.Kind kind, String by) throws RunRefused {
        return client.request(run, jobId, kind, by);
    }

    @Override
    public Optional<String> requestOutcome(long requestId) {
        return client.requestOutcome(requestId);
    }

    @Override
    public List<RunRecord> runs(int limit) {
        return client.runs(limit);
    }

    @Override
    public Optional<RunRecord> run(RunId run) {
        return client.run(run);
    }

    @Override
    public List<JobRecord> jobs(RunId run) {
        return client.jobs(run);
    }

    @Override
    public List<AttemptRecord> attempts(RunId run) {
        return client.attempts(run);
    }

    @Override
    public List<StateChange> stateChanges(RunId run, long afterSeq) {
        return client.stateChanges(run, afterSeq);
    }

    @Override
    public LoadedPipeline definitionOf(RunRecord run) throws LoadException {
        return client.definitionOf(run);
    }

    @Override
    public boolean definitionChanged(RunRecord run) {
        return client.definitionChanged(run);
    }

    @Override
    public Set<String> roadmapGroupsDone(LoadedPipeline pipeline) {
        return client.roadmapGroupsDone(pipeline);
    }

    @Override
    public TrustCheck checkTrust(LoadedPipeline pipeline) {
        return client.checkTrust(pipeline);
    }

    @Override
    public void trust(TrustFingerprint shown) {
        client.trust(shown);
    }

    @Override
    public List<String> takeNotes() {
        return client.takeNotes();
    }

    /** The window closes: its connection ends; its runs were started detached and go on in the service. */
    @Override
    public void close() {
        client.close();
    }
}
