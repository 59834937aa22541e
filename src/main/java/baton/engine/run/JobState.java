package baton.engine.run;

import baton.engine.executor.Running;
import baton.engine.plan.PlannedJob;
import baton.model.Artifact;
import baton.model.JobStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/** One job inside a live run, as its coordinator keeps it; changed only on the coordinator's thread. */
final class JobState {
    final PlannedJob job;
    JobStatus status;
    /** The number of the latest attempt, counting across retries and resumes. */
    int attempt;
    /** Attempts since the job was last reset, for the retry budget. */
    int attemptsThisPass;
    /** The running attempt as its executor reports it, once it exists; null before (and after it ended). */
    Running running;
    /** Set on a stand-in job that must fail instead of running. */
    String refusal;
    boolean cancelRequested;
    boolean timedOut;
    ScheduledFuture<?> timeout;
    /** The time limit of the running attempt (the phase's, or a cleanup's after a cancel), or null. */
    Duration limit;
    Map<String, String> outputs = Map.of();
    /** The running attempt's metrics as last recorded from a live read. */
    Map<String, Double> liveMetrics = Map.of();
    List<Artifact> artifacts = List.of();
    Instant startedAt = Instant.now();

    JobState(PlannedJob job, JobStatus status, int attempt) {
        this.job = job;
        this.status = status;
        this.attempt = attempt;
    }
}
