package baton.model;

import java.time.Instant;
import java.util.Map;

/**
 * One try of a job as stored; {@code metrics} are the ones it wrote (so far, while it runs).
 * {@code handle} is what its executor gave back ("local:4242", "http:1f2e3d4c", "slurm:17"; null
 * before it started), {@code node} the cluster node it ran on (null off a cluster). For a batch
 * job, {@code startedAt} is when it left the cluster's queue; until then, when it was submitted.
 */
public record AttemptRecord(
        String jobId,
        int attempt,
        JobStatus status,
        Instant startedAt,
        Instant endedAt,
        Integer exitCode,
        String error,
        Long pid,
        String logPath,
        long logSize,
        Map<String, Double> metrics,
        String handle,
        String node) {

    public AttemptRecord {
        metrics = metrics == null ? Map.of() : metrics;
    }

    /** An attempt as stored before executors had handles. */
    public AttemptRecord(String jobId, int attempt, JobStatus status, Instant startedAt, Instant endedAt, Integer exitCode, String error,
                         Long pid, String logPath, long logSize, Map<String, Double> metrics) {
        this(jobId, attempt, status, startedAt, endedAt, exitCode, error, pid, logPath, logSize, metrics, pid == null ? null : "local:" + pid, null);
    }

    /** The executor that ran it ("local", "http", "slurm"), or null before it started. */
    public String executor() {
        int colon = handle == null ? -1 : handle.indexOf(':');
        return colon > 0 ? handle.substring(0, colon) : null;
    }

    /** Whether it has more to tell than its job's row does: metrics of its own, or a cluster job. */
    public boolean hasMetricsOrClusterJob() {
        return !metrics.isEmpty() || slurmJobId() != null;
    }

    /** The Slurm job id, for an attempt that ran through Slurm; else null. */
    public String slurmJobId() {
        return handle != null && handle.startsWith("slurm:") ? handle.substring("slurm:".length()) : null;
    }

    /** An attempt with no metrics (yet). */
    public AttemptRecord(String jobId, int attempt, JobStatus status, Instant startedAt, Instant endedAt, Integer exitCode, String error,
                         Long pid, String logPath, long logSize) {
        this(jobId, attempt, status, startedAt, endedAt, exitCode, error, pid, logPath, logSize, Map.of());
    }
}
