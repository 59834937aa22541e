package baton.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as stored: its current state and the summary of its latest attempt. {@code metrics} is the
 * job's total: each name summed over all its attempts, failed ones included (see {@link Metrics}).
 */
public record JobRecord(
        // which job: its phase, its place in the run, its foreach item, its lane
        String id, String phaseId, int seq, String item, Integer index, String lane,
        // where it stands, as of its latest attempt
        JobStatus status, int attempts, Integer exitCode, Instant startedAt, Instant endedAt, String error,
        // what it left
        Map<String, String> outputs, Map<String, Double> metrics, List<Artifact> artifacts, List<String> warnings) {}
