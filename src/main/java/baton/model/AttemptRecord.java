package baton.model;

import java.time.Instant;

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
        long logSize) {}
