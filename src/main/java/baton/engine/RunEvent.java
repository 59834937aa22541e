package baton.engine;

import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunStatus;

import java.time.Instant;

/** What listeners hear, only after it has been committed to the store. */
public sealed interface RunEvent {
    RunId run();

    record JobMoved(RunId run, String jobId, String phaseId, JobStatus from, JobStatus to, int attempt, Instant at, String reason)
            implements RunEvent {}

    record JobAdded(RunId run, String jobId, String phaseId, Instant at) implements RunEvent {}

    record RunMoved(RunId run, RunStatus from, RunStatus to, Instant at) implements RunEvent {}

    /** Something the person watching should read (the run paused, or goes on); not a state change, so not in the store. */
    record RunNote(RunId run, Instant at, String text) implements RunEvent {}
}
