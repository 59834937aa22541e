package baton.ui.gantt;

import baton.model.JobStatus;

/**
 * A span of a job's life in one state: queued, running (one per attempt), waiting to retry.
 * {@code end} is {@link Long#MAX_VALUE} while the span is still open (drawn up to "now").
 */
public record Segment(JobStatus status, int attempt, long start, long end) {
    public boolean open() {
        return end == Long.MAX_VALUE;
    }
}
