package baton.model;

import java.time.Instant;

/**
 * One row of the append-only history the timeline is drawn from. {@code jobId} is null
 * for a change of the run itself (statuses are then run statuses, in wire spelling).
 */
public record StateChange(long seq, String jobId, int attempt, String from, String to, Instant at, String reason) {}
