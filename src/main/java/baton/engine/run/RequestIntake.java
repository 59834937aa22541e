package baton.engine.run;

import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunRequest;
import baton.store.Change;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Carries out the requests to a run (cancel, approve, reject, skip), made by any Baton process
 * and found in the store, and records what came of each for whoever asked (decision 0007).
 */
final class RequestIntake {
    private final RunId runId;
    private final JobTable table;
    private final Settler settler;
    private final RunningAttempts attempts;
    /** Requests already taken in (a poll may see one again until its handling is committed). */
    private final Set<Long> taken = new HashSet<>();

    RequestIntake(RunId runId, JobTable table, Settler settler, RunningAttempts attempts) {
        this.runId = runId;
        this.table = table;
        this.settler = settler;
        this.attempts = attempts;
    }

    void take(List<RunRequest> requests, Step step) {
        for (RunRequest req : requests) {
            if (!taken.add(req.id())) continue;
            String outcome = carryOut(req, step);
            step.change(new Change.RequestHandled(runId, req.id(), step.now, outcome));
        }
    }

    /** Carries out a request; returns what came of it. */
    private String carryOut(RunRequest req, Step step) {
        String by = req.requestedBy() == null ? "someone" : req.requestedBy();
        if (req.kind() == RunRequest.Kind.CANCEL && req.jobId() == null) {
            attempts.cancelRun("cancelled by " + by, step);
            return "cancelled the run";
        }
        List<JobState> targets = table.named(req.jobId());
        if (targets.isEmpty()) return "no job or phase '" + req.jobId() + "' in this run";
        List<String> done = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (JobState js : targets) {
            String refusal = carryOut(req.kind(), js, by, step);
            if (refusal == null) done.add(js.job.id());
            else refused.add(js.job.id() + refusal);
        }
        String verb = switch (req.kind()) {
            case CANCEL -> "cancelled";
            case APPROVE -> "approved";
            case REJECT -> "rejected";
            case SKIP -> "skipped";
        };
        return (done.isEmpty() ? "nothing " + verb : verb + " " + String.join(", ", done))
                + (refused.isEmpty() ? "" : "; not " + verb + ": " + String.join(", ", refused));
    }

    /** Carries out one request on one job; returns why it could not be (after the job's id), or null when it was. */
    private String carryOut(RunRequest.Kind kind, JobState js, String by, Step step) {
        switch (kind) {
            case CANCEL -> {
                if (js.status.isTerminal()) return " had ended";
                attempts.cancel(js, "cancelled by " + by, step);
            }
            case APPROVE -> {
                if (js.status.isTerminal() || js.status == JobStatus.RUNNING) return " is " + js.status.wire();
                settler.approve(js.job.id());
                if (js.status == JobStatus.AWAITING_APPROVAL) table.move(js, JobStatus.QUEUED, "approved by " + by, null, null, step);
            }
            case REJECT -> {
                if (js.status != JobStatus.AWAITING_APPROVAL) return " is " + js.status.wire() + ", not awaiting approval";
                String why = "rejected by " + by;
                table.move(js, JobStatus.FAILED, why, null, why, step);
            }
            case SKIP -> {
                switch (js.status) {
                    case PENDING, WAITING, QUEUED, AWAITING_APPROVAL -> {
                        table.phaseState(js.job.phaseId()).markedDone++;
                        table.move(js, JobStatus.SKIPPED, "marked done by " + by + " without running (baton skip)", null, null, step);
                    }
                    default -> {
                        return " is " + js.status.wire() + ": only a job that has not started can be skipped";
                    }
                }
            }
        }
        return null;
    }
}
