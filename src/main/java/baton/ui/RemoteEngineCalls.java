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
 * When the service dies, the runs it drove are told as interrupted (the next service records them
 * so), and the next call starts a new service and connects to it, as a terminal's next verb would.
 */
public final class RemoteEngineCalls implements EngineCalls, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("baton.ui");

    private final java.util.function.Supplier<RemoteClient> connect;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Runs whose events said they are live and that have not ended yet. */
    private final Set<RunId> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile RemoteClient client;
    private volatile boolean closed;

    /**
     * {@code connect} reaches the service (starting one when none runs): at the first call, so the
     * window shows (and reads its file) while a service starts; again after the service is lost.
     */
    public RemoteEngineCalls(java.util.function.Supplier<RemoteClient> connect) {
        this.connect = connect;
    }

    private RemoteClient watched(RemoteClient c) {
        c.onLost(this::serviceLost);
        c.watchAll(events -> {
            for (baton.engine.RunEvent e : events) {
                if (e instanceof baton.engine.RunEvent.RunMoved rm && rm.to().isTerminal()) live.remove(e.run());
                else live.add(e.run());
            }
            for (Listener l : listeners) l.onEvents(events);
        }, run -> {
            live.remove(run);
            for (Listener l : listeners) l.onRunFinished(run);
        });
        return c;
    }

    /** The service went away (killed): its runs are interrupted; the window hears so now, as their end. */
    private void serviceLost() {
        RemoteClient c = client;
        LOG.log(System.Logger.Level.WARNING, "lost the Baton service: " + (c == null ? "?" : c.lost()));
        java.time.Instant now = java.time.Instant.now();
        for (RunId run : List.copyOf(live)) {
            live.remove(run);
            List<baton.engine.RunEvent> end = List.of(new baton.engine.RunEvent.RunMoved(run, baton.model.RunStatus.RUNNING,
                    baton.model.RunStatus.INTERRUPTED, now));
            for (Listener l : listeners) {
                l.onEvents(end);
                l.onRunFinished(run);
            }
        }
    }

    /** The connection, made again (a new service started) when the last one was lost. */
    private RemoteClient client() {
        RemoteClient c = client;
        if (c != null && (c.lost() == null || closed)) return c;
        synchronized (this) {
            if (client == null || client.lost() != null) client = watched(connect.get());
            return client;
        }
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
        return client().start(detached, null).runs().getFirst().id();
    }

    @Override
    public List<String> retryPlan(RunId run, Collection<String> jobIds) throws RunRefused {
        return client().retryPlan(run, jobIds);
    }

    @Override
    public void retry(RunId run, Collection<String> jobIds) throws RunRefused {
        client().retry(run, jobIds, true, null);
    }

    @Override
    public void resume(RunId run) throws RunRefused {
        client().resume(run, true, null);
    }

    @Override
    public boolean cancel(RunId run) {
        return client().cancel(run);
    }

    @Override
    public boolean cancelJob(RunId run, String jobId) {
        try {
            client().request(run, jobId, RunRequest.Kind.CANCEL, System.getProperty("user.name"));
            return true;
        } catch (RunRefused notLive) {
            return false;
        }
    }

    @Override
    public Optional<Slots> slots() {
        var status = client().status();
        return Optional.of(new Slots(status.slotsInUse(), status.maxJobs()));
    }

    @Override
    public Set<RunId> drivenRuns() {
        return Set.copyOf(new HashSet<>(client().status().liveRuns()));
    }

    @Override
    public long request(RunId run, String jobId, RunRequest.Kind kind, String by) throws RunRefused {
        return client().request(run, jobId, kind, by);
    }

    @Override
    public Optional<String> requestOutcome(long requestId) {
        return client().requestOutcome(requestId);
    }

    @Override
    public List<RunRecord> runs(int limit) {
        return client().runs(limit);
    }

    @Override
    public Optional<RunRecord> run(RunId run) {
        return client().run(run);
    }

    @Override
    public List<JobRecord> jobs(RunId run) {
        return client().jobs(run);
    }

    @Override
    public List<AttemptRecord> attempts(RunId run) {
        return client().attempts(run);
    }

    @Override
    public List<StateChange> stateChanges(RunId run, long afterSeq) {
        return client().stateChanges(run, afterSeq);
    }

    @Override
    public LoadedPipeline definitionOf(RunRecord run) throws LoadException {
        return client().definitionOf(run);
    }

    @Override
    public boolean definitionChanged(RunRecord run) {
        return client().definitionChanged(run);
    }

    @Override
    public Set<String> roadmapGroupsDone(LoadedPipeline pipeline) {
        return client().roadmapGroupsDone(pipeline);
    }

    @Override
    public TrustCheck checkTrust(LoadedPipeline pipeline) {
        return client().checkTrust(pipeline);
    }

    @Override
    public void trust(TrustFingerprint shown) {
        client().trust(shown);
    }

    @Override
    public List<String> takeNotes() {
        return client().takeNotes();
    }

    /** The window closes: its connection ends; its runs were started detached and go on in the service. */
    @Override
    public void close() {
        closed = true;
        RemoteClient c = client;
        if (c != null) c.close();
    }
}
