package baton.engine.run;

import baton.engine.plan.FanOut;
import baton.model.Foreach;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.store.NewJob;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves waiting jobs by the rules of {@code needs}, {@code when} and {@code approve}: a phase
 * whose tally changed tells its dependents when it has ended (and a fan-out over its output gets
 * its jobs); a phase whose needs changed moves its pending and waiting jobs to what the
 * {@link Decider} says. Also the watchdog that blocks, with a reason, the jobs nothing can wake.
 */
final class Settler {
    private final RunId runId;
    private final JobTable table;
    private final boolean autoApprove;
    /** Jobs a person approved (they pass their checkpoint); loaded from the store on a restart. */
    private final Set<String> approved;

    Settler(RunId runId, JobTable table, boolean autoApprove, Collection<String> approved) {
        this.runId = runId;
        this.table = table;
        this.autoApprove = autoApprove;
        this.approved = new HashSet<>(approved);
    }

    void approve(String jobId) {
        approved.add(jobId);
    }

    /**
     * Lets every phase whose needs changed move its waiting jobs, and tells dependents about
     * phases that just ended, until nothing changes (a skip or a block can cascade).
     */
    void settle(Step step) {
        while (table.unsettled()) {
            for (PhaseState ps = table.nextTouched(); ps != null; ps = table.nextTouched()) tellDependents(ps, step);
            for (PhaseState ps = table.nextDirty(); ps != null; ps = table.nextDirty()) moveWaitingJobs(ps, step);
        }
    }

    private void tellDependents(PhaseState ps, Step step) {
        Decider.Outcome o = ps.outcome();
        boolean ended = o != Decider.Outcome.NOT_ENDED;
        if (ended && !ps.reportedEnded) {
            ps.reportedEnded = true;
            ps.reported = o;
            for (PhaseState.Link l : ps.downstream) table.markDirty(l.down()).needEnded(l, o);
            expandFanOuts(ps, step);
        } else if (!ended && ps.reportedEnded) {
            ps.reportedEnded = false;
            for (PhaseState.Link l : ps.downstream) table.markDirty(l.down()).recountNeeds();
        }
    }

    private void moveWaitingJobs(PhaseState ps, Step step) {
        JobStatus target = ps.target();
        for (String jobId : ps.jobs) {
            JobState js = table.job(jobId);
            if ((js.status == JobStatus.PENDING || js.status == JobStatus.WAITING) && js.status != target) {
                JobStatus to = target;
                String why = ps.targetReason(target);
                if (to == JobStatus.QUEUED && ps.def.approve() != null && !autoApprove && !approved.contains(jobId)) {
                    to = JobStatus.AWAITING_APPROVAL;
                    why = "approve: " + ps.def.approve().strip();
                }
                table.move(js, to, why, null, to == JobStatus.BLOCKED ? why : null, step);
            }
        }
    }

    /** A fan-out over an output of {@code ended} gets its jobs now that the output is known. */
    private void expandFanOuts(PhaseState ended, Step step) {
        for (PhaseState ps : table.fanOutsOver(ended.def.id())) {
            if (!ps.open || !(ps.def.foreach() instanceof Foreach.Output fo) || !fo.phase().equals(ended.def.id())) continue;
            List<String> items = null;
            // a phase done in an earlier run is skipped here, but its jobs carry the outputs they made then
            boolean doneBefore = ended.reported == Decider.Outcome.SWITCHED_OFF && ended.doneEarlier;
            if (ended.reported == Decider.Outcome.SUCCESS || ended.reported == Decider.Outcome.SOFT_FAILURE || doneBefore) {
                List<Map<String, String>> upstream = new ArrayList<>();
                for (String upJob : ended.jobs) upstream.add(table.job(upJob).outputs);
                items = FanOut.itemsOf(fo.key(), upstream);
            }
            ps.open = false;
            table.markTouched(ps);
            List<NewJob> added = new ArrayList<>();
            if (items != null && items.size() > FanOut.MAX_JOBS) {
                // one stand-in job that fails with the reason, through the usual path
                NewJob standIn = table.addStandIn(ps.def.id());
                table.job(standIn.id()).refusal = "foreach over " + items.size() + " items of " + fo.phase() + "." + fo.key()
                        + " is over the limit of " + FanOut.MAX_JOBS + " jobs per fan-out";
                added.add(standIn);
            } else if (items == null) {
                // the upstream did not succeed: one stand-in job that the rules will block or skip
                added.add(table.addStandIn(ps.def.id()));
            } else {
                for (var job : FanOut.jobsOver(ps.def.id(), items, table.nextSeq())) added.add(table.addNew(job));
            }
            table.recordAdded(added, step);
        }
    }

    /**
     * The watchdog against a run that waits forever: when nothing runs, nothing is queued or
     * waiting for a retry, and jobs still wait, nothing will ever wake them. That is a Baton bug
     * (the rules left a need unanswered); rather than hang, those jobs are blocked with a reason
     * that says so, and the run ends.
     */
    void blockWhatCanNeverMove(Step step) {
        List<JobState> stuck = new ArrayList<>();
        for (JobState js : table.jobs()) {
            switch (js.status) {
                case QUEUED, RETRYING, RUNNING, AWAITING_APPROVAL -> {
                    return; // something (or someone) can still move the run
                }
                case PENDING, WAITING -> stuck.add(js);
                default -> {}
            }
        }
        List<String> openPhases = new ArrayList<>();
        for (PhaseState ps : table.phaseStates()) if (ps.open) openPhases.add(ps.def.id());
        if (stuck.isEmpty() && openPhases.isEmpty()) return;
        String why = "stalled: nothing left in the run can end what this job waits for"
                + (openPhases.isEmpty() ? "" : " (fan-outs never expanded: " + String.join(", ", openPhases) + ")")
                + "; this is a Baton bug, please report it with the pipeline";
        System.getLogger("baton.engine").log(System.Logger.Level.ERROR, "run " + runId + ": " + why);
        for (PhaseState ps : table.phaseStates()) {
            if (ps.open) {
                ps.open = false; // its stand-in job is blocked below, through the usual path
                table.markTouched(ps);
                NewJob standIn = table.addStandIn(ps.def.id());
                table.recordAdded(List.of(standIn), step);
                stuck.add(table.job(standIn.id()));
            }
        }
        for (JobState js : stuck) table.move(js, JobStatus.BLOCKED, why, null, why, step);
    }
}
