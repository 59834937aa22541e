package baton.client;

import baton.engine.RunListener;
import baton.engine.RunRefused;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.model.RunRequest;
import baton.model.StateChange;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the command line and the window ask of the Baton that owns a data directory: questions
 * about runs, and orders (start, retry, resume, cancel, approve, skip). The same whether the
 * engine sits behind the background service's socket ({@link RemoteClient}) or in this process.
 * Listeners hear a run's events in the order they were committed, on a thread of the client's.
 */
public interface BatonClient extends AutoCloseable {
    List<RunRecord> runs(int limit);

    Optional<RunRecord> run(RunId id);

    List<JobRecord> jobs(RunId id);

    List<AttemptRecord> attempts(RunId id);

    /**
     * The attempts a text summary shows beside the jobs ({@link AttemptRecord#hasMetricsOrClusterJob}):
     * a 10,000-job run's summary then does not fetch 10,000 attempts to show none.
     */
    default List<AttemptRecord> attemptsWithMetricsOrClusterJob(RunId id) {
        return attempts(id).stream().filter(AttemptRecord::hasMetricsOrClusterJob).toList();
    }

    List<StateChange> stateChanges(RunId id, long afterSeq);

    /** Starts one run per input of the request (a batch sharing its concurrency limit). */
    Started start(StartRequest request, RunListener listener) throws RunRefused;

    /** What {@code request} would start, run by run, without starting anything (baton plan with --from, --only, --resume). */
    Planned plan(StartRequest request) throws RunRefused;

    /** The jobs a retry would run again, in order, without running them. */
    List<String> retryPlan(RunId id, Collection<String> jobIds) throws RunRefused;

    RunHandle retry(RunId id, Collection<String> jobIds, boolean detach, RunListener listener) throws RunRefused;

    RunHandle resume(RunId id, boolean detach, RunListener listener) throws RunRefused;

    /** Asks a live run to cancel, approve, reject or skip (the run, a job, a phase or a group); the request's id. */
    long request(RunId id, String jobId, RunRequest.Kind kind, String by) throws RunRefused;

    /** What came of a request, once its run took it in. */
    Optional<String> requestOutcome(long requestId);

    /** What the service found worth telling the user once (tightened permissions, processes that would not end). */
    List<String> takeNotes();

    ServiceStatus status();

    @Override
    void close();

    /** A plan per run of the request, and what the service said about them (the groups a roadmap --resume skips). */
    record Planned(List<baton.engine.plan.DryRun> plans, List<String> notes) {}

    /** The runs a start made, and what the service said about them (the groups a roadmap --resume skips). */
    record Started(List<RunHandle> runs, List<String> notes) {}
}
