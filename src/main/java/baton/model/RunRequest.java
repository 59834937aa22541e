package baton.model;

import java.time.Instant;

/**
 * A request to a live run, made by any Baton process (the owner of the run takes it in): cancel
 * the run or a job, approve or reject a job that waits for approval, or skip a waiting job.
 * {@code jobId} is null for the whole run.
 */
public record RunRequest(long id, RunId run, String jobId, Kind kind, String requestedBy, Instant requestedAt) {
    public enum Kind {
        CANCEL, APPROVE, REJECT, SKIP;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind fromWire(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
