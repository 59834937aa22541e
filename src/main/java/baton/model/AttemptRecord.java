package baton.model;

import java.time.Instant;
import java.util.Map;

/** One try of a job as stored; {@code metrics} are the ones it wrote (so far, while it runs). */
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
        Map<String, Double> metrics) {

    /** An attempt with no metrics (yet). */
    public AttemptRecord(String jobId, int attempt, JobStatus status, Instant startedAt, Instant endedAt, Integer exitCode, String error,
                         Long pid, String logPath, long logSize) {
        this(jobId, attempt, status, startedAt, endedAt, exitCode, error, pid, logPath, logSize, Map.of());
    }
}
