package baton.store;

import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunStatus;

import java.time.Instant;
import java.util.Map;

/**
 * One fact to record. The engine hands the store a batch of these and the store writes
 * them in one transaction (a group commit), so a coordinator step costs one commit.
 */
public sealed interface Change {
    RunId run();

    /** A job moves; checked against {@link baton.model.JobTransitions} and the stored current state. */
    record JobMoved(RunId run, String jobId, JobStatus from, JobStatus to, int attempt, Instant at, String reason,
                    Integer exitCode, String error) implements Change {}

    /** An attempt begins: the job's attempt counter becomes {@code attempt}. */
    record AttemptStarted(RunId run, String jobId, int attempt, Instant at, long pid, String logPath) implements Change {}

    /**
     * The attempt exists: its executor's handle ("local:4242", "slurm:17"), its pid when it is a
     * process here, the node it runs on (a cluster's), and the moment it began to run (the
     * attempt's start from then on; before it, the time between the decision and the spawn, or a
     * cluster queue's wait). Null parts leave what is stored: a batch job is recorded once when it
     * is submitted and again, with its node and start, when it leaves the queue.
     */
    record AttemptSpawned(RunId run, String jobId, int attempt, Long pid, String handle, String node, Instant at) implements Change {
        /** A local process: its pid is its handle. */
        public AttemptSpawned(RunId run, String jobId, int attempt, long pid, Instant at) {
            this(run, jobId, attempt, pid, "local:" + pid, null, at);
        }
    }

    record AttemptEnded(RunId run, String jobId, int attempt, JobStatus status, Instant at, Integer exitCode, String error,
                        long logSize) implements Change {}

    record RunMoved(RunId run, RunStatus from, RunStatus to, Instant at, String reason) implements Change {}

    record OutputsRecorded(RunId run, String jobId, Map<String, String> outputs) implements Change {}

    /**
     * An attempt's metrics as they are now, read while it runs or at its end: they replace what
     * the attempt had (a later one for the same attempt in the same batch wins).
     */
    record MetricsRecorded(RunId run, String jobId, int attempt, Map<String, Double> metrics) implements Change {}

    record ArtifactsRecorded(RunId run, String jobId, java.util.List<baton.model.Artifact> artifacts) implements Change {}

    /** Things wrong with what a job wrote (a malformed output line...): kept, shown, not fatal. */
    record WarningsRecorded(RunId run, String jobId, int attempt, java.util.List<String> warnings) implements Change {}

    /** A spawn file a job wrote, as it was taken in (its phases are added in file order). */
    record PhasesSpawned(RunId run, String spawnerJob, String spawnFile) implements Change {}

    /** Jobs added to a running run (fan-out items, spawned phases). */
    record JobsAdded(RunId run, java.util.List<NewJob> jobs, Instant at) implements Change {}

    /** A request was taken in; {@code outcome} says what came of it (shown to whoever asked). */
    record RequestHandled(RunId run, long requestId, Instant at, String outcome) implements Change {}
}
