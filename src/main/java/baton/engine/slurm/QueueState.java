package baton.engine.slurm;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/** One squeue answer for many jobs: each job's state, node, start and reason. */
record QueueState(Map<String, Job> jobs) {
    /** The squeue output format this reads: one line per job, fields split by '|'. */
    static final String FORMAT = "JobID:|,State:|,NodeList:|,StartTime:|,Reason:";

    record Job(String id, String state, String node, Instant start, String reason) {
        boolean queued() {
            return switch (state) {
                case "PENDING", "CONFIGURING", "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD", "RESV_DEL_HOLD", "SUSPENDED", "STOPPED",
                     "SPECIAL_EXIT", "RESIZING", "SIGNALING", "STAGE_OUT" -> true;
                default -> false;
            };
        }

        boolean running() {
            return state.equals("RUNNING") || state.equals("COMPLETING");
        }

        boolean ended() {
            return !queued() && !running();
        }
    }

    static QueueState parse(String out) {
        Map<String, Job> jobs = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length < 5 || f[0].isBlank()) continue;
            String node = f[2].isBlank() || f[2].equals("(null)") ? null : f[2];
            jobs.put(f[0].strip(), new Job(f[0].strip(), f[1].strip(), node, instant(f[3].strip()), f[4].strip()));
        }
        return new QueueState(jobs);
    }

    /** squeue's times are the controller's local time without a zone: read in this machine's (Baton runs beside the cluster). */
    private static Instant instant(String text) {
        if (text.isEmpty() || text.equals("N/A") || text.equals("Unknown")) return null;
        try {
            return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
