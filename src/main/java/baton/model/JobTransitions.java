package baton.model;

import java.util.EnumSet;
import java.util.Set;

import static baton.model.JobStatus.*;

/**
 * The one table of allowed job-state moves. Every store write of a job status goes
 * through {@link #check}, so a move that is not listed here cannot be recorded.
 */
public final class JobTransitions {
    private JobTransitions() {}

    public static Set<JobStatus> allowedFrom(JobStatus from) {
        return switch (from) {
            case PENDING -> EnumSet.of(WAITING, QUEUED, AWAITING_APPROVAL, SKIPPED, BLOCKED, CANCELLED);
            case WAITING -> EnumSet.of(QUEUED, AWAITING_APPROVAL, SKIPPED, BLOCKED, CANCELLED, PENDING);
            // 'baton skip' marks a job done without running it while it waits for a slot
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED, PENDING, SKIPPED);
            // approved, it queues; rejected, it fails; it can also be skipped or cancelled, or reset by a resume
            case AWAITING_APPROVAL -> EnumSet.of(QUEUED, FAILED, SKIPPED, CANCELLED, PENDING);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, RETRYING);
            // a retry wait can be cut short by cancel, or reset by a resume
            case RETRYING -> EnumSet.of(QUEUED, CANCELLED, PENDING);
            // ended states go back to PENDING only through retry/resume, which count attempts on
            case SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, SKIPPED, BLOCKED -> EnumSet.of(PENDING);
        };
    }

    public static boolean isAllowed(JobStatus from, JobStatus to) {
        return allowedFrom(from).contains(to);
    }

    public static void check(JobStatus from, JobStatus to) {
        if (!isAllowed(from, to)) {
            throw new IllegalStateException("job state cannot move from " + from.wire() + " to " + to.wire());
        }
    }
}
