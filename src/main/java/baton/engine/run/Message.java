package baton.engine.run;

import baton.engine.executor.Running;
import baton.engine.results.JobResults;
import baton.engine.results.LiveMetrics;
import baton.model.RunRequest;

import java.time.Instant;
import java.util.List;

/**
 * What reaches a run's coordinator: everything that happens to a run (a process started or
 * ended, a timer went off, a request came) arrives as one of these in its mailbox, from any
 * thread, and is handled on the coordinator's own.
 */
sealed interface Message {
    /** The attempt exists (a process, a call, a batch job); {@code runningSince} is null while it waits in a queue not Baton's. */
    record Started(String jobId, int attempt, Running running, Instant runningSince) implements Message {}

    /** A batch job left its cluster's queue: it runs on {@code node} since {@code at}. */
    record Placed(String jobId, int attempt, String node, Instant at) implements Message {}

    /**
     * The attempt ended. {@code results} is what it said back, read off the coordinator's thread
     * where it ended (its contract checked only when it exited 0); null when it never ran.
     */
    record Exited(String jobId, int attempt, Integer exitCode, long logSize, String error, Instant at, JobResults.Results results)
            implements Message {
        Exited(String jobId, int attempt, Integer exitCode, long logSize, String error, Instant at) {
            this(jobId, attempt, exitCode, logSize, error, at, null);
        }
    }

    record RetryDue(String jobId, int attempt) implements Message {}

    record TimeoutDue(String jobId, int attempt) implements Message {}

    record CancelRun(String reason) implements Message {}

    record CancelJob(String jobId) implements Message {}

    /** Nothing happened, but something may be able to move now (a slot was freed, a pause ended). */
    record Wake() implements Message {}

    /** While the run is paused (the store cannot write, or the disk is nearly full): look again. */
    record PauseCheckDue() implements Message {}

    /** Requests to this run (cancel, approve, reject, skip) found in the store, from any Baton process. */
    record Requests(List<RunRequest> requests) implements Message {}

    /** A running attempt's BATON_METRICS as read just now, off the coordinator's thread ({@link LiveMetrics}). */
    record MetricsRead(LiveMetrics.Reading reading) implements Message {}
}
