package baton.engine.run;

import baton.engine.RunEvent;
import baton.engine.plan.PlannedJob;
import baton.model.Foreach;
import baton.model.JobStatus;
import baton.model.JobTransitions;
import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RunId;
import baton.model.RunPlan;
import baton.model.RunStatus;
import baton.model.When;
import baton.store.Change;
import baton.store.NewJob;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The phases and jobs of one live run, and the one way a job moves ({@link #move}): checked
 * against the allowed transitions, counted in its phase's tally, and recorded for the store and
 * the listeners. Phases whose tally changed ("touched": they may have ended) and phases whose
 * needs changed ("dirty": their jobs may move) wait in two work lists for the {@link Settler}.
 * Used only on the coordinator's thread.
 */
final class JobTable {
    private final RunId runId;
    private final Map<String, PhaseDef> phases = new LinkedHashMap<>();
    private final Map<String, PhaseState> phaseStates = new LinkedHashMap<>();
    private final Map<String, JobState> jobs = new LinkedHashMap<>();
    private final ArrayDeque<JobState> ready = new ArrayDeque<>();
    private final ArrayDeque<PhaseState> touched = new ArrayDeque<>();
    private final ArrayDeque<PhaseState> dirty = new ArrayDeque<>();
    /**
     * Fan-outs by the phase whose output they loop over. Not the dependency links: the phase may
     * be upstream of the fan-out only through others (it needs B, B needs A), and the fan-out
     * must still hear when A ends, or it would wait for its items forever.
     */
    private final Map<String, List<PhaseState>> fanOutsOver = new HashMap<>();
    /** Jobs whose outcome a spawned phase replaced ({@code supersedes}), to that phase: their failure does not fail the run. */
    private final Map<String, String> supersededBy = new HashMap<>();
    private int notEndedJobs;
    private int nextSeq;
    private boolean anyOutputs;

    JobTable(RunId runId) {
        this.runId = runId;
    }

    /**
     * The table of a run of {@code def} started with {@code plan}: every phase, switched off when
     * the plan (or its file, for a checked roadmap task) says it does not run, and linked to what
     * it needs. No jobs yet.
     */
    static JobTable of(RunId runId, PipelineDef def, RunPlan plan) {
        JobTable t = new JobTable(runId);
        Set<String> notRun = plan.notRun();
        for (PhaseDef p : def.phases()) {
            // a phase its file marks done (a checked roadmap task) is skipped like a switched-off one, with the file's reason
            boolean off = notRun.contains(p.id()) || p.doneReason() != null;
            PhaseState ps = t.addPhase(p, off);
            if (p.doneReason() != null) ps.offReason = p.doneReason();
            else if (off) ps.offReason = plan.notRunReason(p.id());
            ps.doneEarlier = plan.alreadyDone().contains(p.id());
        }
        for (PhaseState ps : t.phaseStates.values()) t.linkNeeds(ps);
        return t;
    }

    /** Adds a phase (not yet linked to its needs); a fan-out over an output stays open until that output is known. */
    PhaseState addPhase(PhaseDef d, boolean switchedOff) {
        phases.put(d.id(), d);
        PhaseState ps = new PhaseState(d, switchedOff, d.foreach() instanceof Foreach.Output && !switchedOff);
        phaseStates.put(d.id(), ps);
        if (ps.open && d.foreach() instanceof Foreach.Output fo) fanOutsOver.computeIfAbsent(fo.phase(), k -> new ArrayList<>()).add(ps);
        return ps;
    }

    /** Links {@code ps} to every phase its definition needs. */
    void linkNeeds(PhaseState ps) {
        for (Need need : ps.def.needs()) link(need, phaseStates.get(need.phase()), ps);
    }

    PhaseState.Link link(Need need, PhaseState up, PhaseState down) {
        PhaseState.Link link = new PhaseState.Link(need, up, down);
        down.upstream.add(link);
        up.downstream.add(link);
        return link;
    }

    void unlink(PhaseState.Link link) {
        link.down().upstream.remove(link);
        link.up().downstream.remove(link);
    }

    /** The jobs the run begins with; a job of a phase the run no longer has is left out. */
    void addJobsAtStart(JobsAtStart start) {
        for (PlannedJob j : start.planned()) {
            if (!phaseStates.containsKey(j.phaseId())) continue;
            JobState js = addJob(j, start.status().getOrDefault(j.id(), JobStatus.PENDING), start.attempts().getOrDefault(j.id(), 0));
            js.outputs = start.outputs().getOrDefault(j.id(), Map.of());
            if (!js.outputs.isEmpty()) anyOutputs = true;
            phaseStates.get(j.phaseId()).open = false;
        }
    }

    /** Every phase reports once at the start, so one with no jobs (an empty fan-out) ends too. */
    void markAllChanged() {
        for (PhaseState ps : phaseStates.values()) {
            markTouched(ps);
            markDirty(ps);
        }
    }

    private JobState addJob(PlannedJob j, JobStatus st, int attempts) {
        JobState js = new JobState(j, st, attempts);
        jobs.put(j.id(), js);
        PhaseState ps = phaseStates.get(j.phaseId());
        ps.jobAdded(j.id(), st);
        markTouched(ps);
        markDirty(ps);
        if (!st.isTerminal()) notEndedJobs++;
        if (st == JobStatus.QUEUED) ready.add(js);
        nextSeq = Math.max(nextSeq, j.seq() + 1);
        return js;
    }

    /** Where the next job added during the run comes in the run's order. */
    int nextSeq() {
        return nextSeq;
    }

    /** Adds a pending job during the run (a fan-out's, a spawned phase's, a stand-in); its id must be new. */
    NewJob addNew(PlannedJob pj) {
        if (jobs.containsKey(pj.id())) throw new IllegalStateException("job " + pj.id() + " exists already");
        addJob(pj, JobStatus.PENDING, 0);
        return new NewJob(pj.id(), pj.phaseId(), pj.seq(), pj.item(), pj.index(), phases.get(pj.phaseId()).laneOrId());
    }

    /** The one job that stands for a phase whose jobs cannot be made (it will be blocked, skipped or failed through the usual path). */
    NewJob addStandIn(String phaseId) {
        return addNew(new PlannedJob(PlannedJob.idOf(phaseId, null), phaseId, null, null, nextSeq));
    }

    /** Records jobs added during the run, for the store and the listeners. */
    void recordAdded(List<NewJob> added, Step step) {
        step.change(new Change.JobsAdded(runId, added, step.now));
        for (NewJob nj : added) step.event(new RunEvent.JobAdded(runId, nj.id(), nj.phaseId(), step.now));
    }

    void move(JobState js, JobStatus to, String reason, Integer exitCode, String error, Step step) {
        JobStatus from = js.status;
        JobTransitions.check(from, to);
        js.status = to;
        PhaseState ps = phaseStates.get(js.job.phaseId());
        ps.count(from, -1);
        ps.count(to, 1);
        markTouched(ps);
        if (from.isTerminal() != to.isTerminal()) notEndedJobs += to.isTerminal() ? -1 : 1;
        if (to == JobStatus.QUEUED) ready.add(js);
        step.change(new Change.JobMoved(runId, js.job.id(), from, to, js.attempt, step.now, reason, exitCode, error));
        step.event(new RunEvent.JobMoved(runId, js.job.id(), js.job.phaseId(), from, to, js.attempt, step.now, reason));
    }

    PhaseState markTouched(PhaseState ps) {
        if (!ps.touched) {
            ps.touched = true;
            touched.add(ps);
        }
        return ps;
    }

    PhaseState markDirty(PhaseState ps) {
        if (!ps.dirty) {
            ps.dirty = true;
            dirty.add(ps);
        }
        return ps;
    }

    /** The next phase whose tally changed, or null. */
    PhaseState nextTouched() {
        PhaseState ps = touched.poll();
        if (ps != null) ps.touched = false;
        return ps;
    }

    /** The next phase whose needs changed, or null. */
    PhaseState nextDirty() {
        PhaseState ps = dirty.poll();
        if (ps != null) ps.dirty = false;
        return ps;
    }

    boolean unsettled() {
        return !touched.isEmpty() || !dirty.isEmpty();
    }

    /** The first job waiting for a slot, dropping those that moved on meanwhile; null when none waits. */
    JobState firstReady() {
        while (!ready.isEmpty() && ready.peek().status != JobStatus.QUEUED) ready.poll();
        return ready.peek();
    }

    void takeReady() {
        ready.poll();
    }

    boolean anyReady() {
        return !ready.isEmpty();
    }

    PhaseDef phase(String phaseId) {
        return phases.get(phaseId);
    }

    PhaseDef phaseOf(JobState js) {
        return phases.get(js.job.phaseId());
    }

    boolean hasPhase(String phaseId) {
        return phases.containsKey(phaseId);
    }

    Collection<String> phaseIds() {
        return phases.keySet();
    }

    PhaseState phaseState(String phaseId) {
        return phaseStates.get(phaseId);
    }

    Collection<PhaseState> phaseStates() {
        return phaseStates.values();
    }

    List<PhaseState> fanOutsOver(String phaseId) {
        return fanOutsOver.getOrDefault(phaseId, List.of());
    }

    JobState job(String jobId) {
        return jobs.get(jobId);
    }

    Collection<JobState> jobs() {
        return jobs.values();
    }

    /** The jobs a name stands for: a job id, or every job of a phase, or of a lane (a roadmap group). */
    List<JobState> named(String name) {
        JobState one = jobs.get(name);
        if (one != null) return List.of(one);
        List<JobState> out = new ArrayList<>();
        for (JobState js : jobs.values()) {
            PhaseDef p = phaseOf(js);
            if (js.job.phaseId().equals(name) || name.equals(p.lane()) || name.equals(p.env().get("TASK_GROUP"))) out.add(js);
        }
        return out;
    }

    /** Keeps what a job said (its outputs, artifacts): from now on, dependents' BATON_UPSTREAM is worth writing. */
    void saidSomething() {
        anyOutputs = true;
    }

    boolean anyOutputs() {
        return anyOutputs;
    }

    void supersede(String jobId, String byPhase) {
        supersededBy.put(jobId, byPhase);
    }

    /** The spawned phase whose outcome counts instead of this job's, or null. */
    String supersededBy(String jobId) {
        return supersededBy.get(jobId);
    }

    /**
     * A cleanup job: every need of its phase is {@code when: always} (it runs whatever happened,
     * a cancel included). Markdown tasks never are: a roadmap chains the tasks of a group with a
     * concurrency limit by 'always' needs, which is ordering, not cleanup.
     */
    boolean isCleanup(JobState js) {
        PhaseDef phase = phaseOf(js);
        if (phase.env().containsKey("TASK_ID")) return false;
        List<Need> needs = phase.needs();
        return !needs.isEmpty() && needs.stream().allMatch(n -> n.when() == When.ALWAYS);
    }

    /** Whether every job has ended and (unless the run was cancelled) every fan-out has its jobs. */
    boolean allEnded(boolean cancelled) {
        if (notEndedJobs > 0) return false;
        if (cancelled) return true;
        for (PhaseState ps : phaseStates.values()) if (ps.open) return false;
        return true;
    }

    /** How the run ends once every job has: cancelled, failed (a fatal failure, a block, a cancel), or succeeded. */
    RunStatus finalStatus(boolean cancelled) {
        if (cancelled) return RunStatus.CANCELLED;
        for (JobState js : jobs.values()) {
            if (supersededBy.containsKey(js.job.id())) continue;
            switch (js.status) {
                case BLOCKED, CANCELLED -> { return RunStatus.FAILED; }
                case FAILED, TIMED_OUT -> {
                    if (phaseOf(js).fatal()) return RunStatus.FAILED;
                }
                default -> {}
            }
        }
        return RunStatus.SUCCEEDED;
    }
}
