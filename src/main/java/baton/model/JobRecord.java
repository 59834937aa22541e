package baton.model;

import java.time.Instant;
import java.util.Map;

/**
 * A job as stored: its current state and the summary of its latest attempt. {@code metrics} is the
 * job's total: each name summed over all its attempts, failed ones included (see {@link Metrics}).
 */
public record JobRecord(
        String id,
        String phaseId,
        int seq,
        String item,
        Integer index,
        String lane,
        JobStatus status,
        int attempts,
        Integer exitCode,
        Instant startedAt,
        Instant endedAt,
        String error,
        Map<String, String> outputs,
        Map<String, Double> metrics,
        java.util.List<Artifact> artifacts,
        java.util.List<String> warnings) {}
