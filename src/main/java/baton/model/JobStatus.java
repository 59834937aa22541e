package baton.model;

import java.util.Locale;

/** The states a job moves through; see {@link JobTransitions} for the allowed moves. */
public enum JobStatus {
    /** Created (or reset by a retry), not yet looked at by the coordinator. */
    PENDING,
    /** Some of its needs have not ended yet. */
    WAITING,
    /** Its needs are met; waiting for a free slot. */
    QUEUED,
    /** Its needs are met, and its phase says {@code approve:}: waiting for a person to approve (or reject) it. */
    AWAITING_APPROVAL,
    RUNNING,
    /** An attempt failed and the next one waits out its retry delay. */
    RETRYING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    CANCELLED,
    /** Switched off, or its {@code when} condition turned out false. */
    SKIPPED,
    /** An upstream job failed or was cancelled; retrying that job unblocks this one. */
    BLOCKED;

    /** Ended for this pass of the run: nothing will happen to it unless someone retries. */
    public boolean isTerminal() {
        return switch (this) {
            case SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, SKIPPED, BLOCKED -> true;
            case PENDING, WAITING, QUEUED, AWAITING_APPROVAL, RUNNING, RETRYING -> false;
        };
    }

    /** A failure outcome of the job's own command (as opposed to being cancelled or blocked). */
    public boolean isFailure() {
        return this == FAILED || this == TIMED_OUT;
    }

    /** The spelling of the public contract (SPEC 3): lower case with underscores. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
