package baton.engine;

import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunStatus;

import java.time.Instant;

/** What listeners hear, only after it has been committed to the store. */
public sealed interface RunEvent {
    RunId run();

    /**
     * What a run says to the person who started it from a command line that is not a terminal:
     * its notes, a job waiting for approval, and the run's own moves; not every job's moves.
     */
    static boolean isForPeople(RunEvent e) {
        return switch (e) {
            case RunNote n -> true;
            case RunMoved m -> true;
            case JobMoved m -> m.to() == JobStatus.AWAITING_APPROVAL;
            default -> false;
        };
    }

    record JobMoved(RunId run, String jobId, String phaseId, JobStatus from, JobStatus to, int attempt, Instant at, String reason)
            implements RunEvent {}

    record JobAdded(RunId run, String jobId, String phaseId, Instant at) implements RunEvent {}

    record RunMoved(RunId run, RunStatus from, RunStatus to, Instant at) implements RunEvent {}

    /**
     * A batch job was submitted to a cluster ({@code handle}, "slurm:17") and waits in its queue,
     * until {@link AttemptPlaced}. The job is running to the engine from here on.
     */
    record AttemptSubmitted(RunId run, String jobId, int attempt, String handle, Instant at) implements RunEvent {}

    /**
     * A cluster's batch job left its queue: it runs on {@code node} since {@code at} (stored as
     * its attempt's start). The job was running to the engine from its submission; the timeline
     * draws the time before this as the queue's.
     */
    record AttemptPlaced(RunId run, String jobId, int attempt, String node, Instant at) implements RunEvent {}

    /**
     * An attempt's metrics as they are now: read from its BATON_METRICS while it runs (about once a
     * second, when they changed) and at its end. The whole set, replacing what came before.
     */
    record MetricsChanged(RunId run, String jobId, int attempt, java.util.Map<String, Double> metrics, Instant at) implements RunEvent {}

    /** Something the person watching should read (the run paused, or goes on); not a state change, so not in the store. */
    record RunNote(RunId run, Instant at, String text) implements RunEvent {}
}
