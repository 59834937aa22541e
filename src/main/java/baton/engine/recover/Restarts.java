package baton.engine.recover;

import baton.engine.RunRefused;
import baton.engine.executor.Executors;
import baton.engine.plan.PlannedJob;
import baton.engine.plan.StoredDefinition;
import baton.engine.run.JobsAtStart;
import baton.format.LoadException;
import baton.format.Suggest;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RunId;
import baton.model.RunPlan;
import baton.model.RunRecord;
import baton.model.RunStatus;
import baton.store.Change;
import baton.store.RunStore;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retry and resume: a stored run is run again in place, with the definition and the plan it was
 * started with, never the options of the command asking for it. What still runs of it is ended
 * first, this process takes it over, the jobs to redo go back to pending, and the coordinator
 * begins with every job as stored. Attempt numbers go on counting; earlier attempts stay in the
 * history. {@code instance} is the data directory's id, by which the run's processes are found.
 */
public record Restarts(RunStore store, String instance, Ownership ownership, Executors executors) {
    /** A run taken over and ready for its coordinator: what it runs, how, and the jobs it begins with. */
    public record Restart(RunId id, PipelineDef def, RunPlan plan, JobsAtStart jobs) {}

    /** What a retry of {@code jobIds} (none: every failed, timed-out, cancelled and blocked job) would run again, in order. */
    public List<String> retryPlan(RunId id, Collection<String> jobIds) throws RunRefused {
        RunRecord run = run(id);
        List<JobRecord> jobs = store.jobs(id);
        PipelineDef def = definition(run);
        Set<String> start = new LinkedHashSet<>();
        if (jobIds.isEmpty()) {
            for (JobRecord j : jobs) {
                switch (j.status()) {
                    case FAILED, TIMED_OUT, CANCELLED, BLOCKED -> start.add(j.id());
                    default -> {}
                }
            }
        } else {
            List<String> known = jobs.stream().map(JobRecord::id).toList();
            for (String j : jobIds) {
                if (!known.contains(j)) throw new RunRefused("run " + id + " has no job '" + j + "'" + Suggest.hint(j, known));
                start.add(j);
            }
        }
        // everything downstream of a job to redo is redone too (it ran, or was blocked or skipped, on the old outcome)
        Map<String, List<String>> dependents = new HashMap<>();
        for (PhaseDef p : def.phases()) for (var n : p.needs()) dependents.computeIfAbsent(n.phase(), k -> new ArrayList<>()).add(p.id());
        Set<String> phases = new HashSet<>();
        for (JobRecord j : jobs) if (start.contains(j.id())) phases.add(j.phaseId());
        ArrayDeque<String> todo = new ArrayDeque<>(phases);
        Set<String> downstream = new HashSet<>();
        while (!todo.isEmpty()) {
            for (String d : dependents.getOrDefault(todo.pop(), List.of())) if (downstream.add(d)) todo.push(d);
        }
        List<String> out = new ArrayList<>();
        for (JobRecord j : jobs) {
            if (start.contains(j.id()) || (downstream.contains(j.phaseId()) && j.status() != JobStatus.PENDING)) out.add(j.id());
        }
        return out;
    }

    /** Takes over {@code id} to run again {@code jobIds} (none: every failed one) and all that depends on them. */
    public Restart retry(RunId id, Collection<String> jobIds, boolean drivenHere) throws RunRefused {
        RunRecord run = run(id);
        if (run.status() == RunStatus.RUNNING) {
            throw new RunRefused("run " + id + " is still running" + (drivenHere ? "" : " in another Baton process (" + Ownership.describe(run) + ")"));
        }
        List<String> redo = retryPlan(id, jobIds);
        if (redo.isEmpty()) throw new RunRefused("run " + id + " has nothing to retry: no job failed, timed out, was cancelled or blocked");
        return restart(run, new HashSet<>(redo), "retry");
    }

    /** Takes over an interrupted run: jobs that had not ended start again; nothing that succeeded runs again. */
    public Restart resume(RunId id) throws RunRefused {
        RunRecord run = run(id);
        if (run.status() != RunStatus.INTERRUPTED) {
            throw new RunRefused("run " + id + " is " + run.status().wire() + ", not interrupted"
                    + (run.status() == RunStatus.RUNNING ? " (its owner " + Ownership.describe(run) + " is alive)" : ": use 'baton retry' to run failed jobs again"));
        }
        Set<String> redo = new HashSet<>();
        for (JobRecord j : store.jobs(id)) {
            switch (j.status()) {
                // a job a person cancelled stays cancelled ('baton retry' runs it again); one cut off by the interruption is redone below
                case SUCCEEDED, SKIPPED, FAILED, TIMED_OUT, BLOCKED, CANCELLED -> {}
                default -> redo.add(j.id()); // not ended
            }
        }
        for (JobRecord j : store.jobs(id)) {
            if (j.status() == JobStatus.CANCELLED && OrphanRecovery.INTERRUPTED_REASON.equals(j.error())) redo.add(j.id());
        }
        return restart(run, redo, "resume");
    }

    private Restart restart(RunRecord run, Set<String> redo, String why) throws RunRefused {
        PipelineDef def = definition(run);
        // never a second copy of a job: whatever of this run still runs (a daemon a job left, a
        // job of a Baton that died) is ended and seen gone first
        List<String> alive = Leftovers.end(executors, instance, run.id(), store.attempts(run.id()));
        if (!alive.isEmpty()) {
            throw new RunRefused("jobs of run " + run.id() + " are still alive after SIGKILL (" + String.join(", ", alive) + "): the run cannot "
                    + why + " until they are gone");
        }
        Instant now = Instant.now();
        store.takeOver(run.id(), run.status(), ownership.at(now));
        List<Change> changes = new ArrayList<>();
        changes.add(new Change.RunMoved(run.id(), run.status(), RunStatus.RUNNING, now, why));
        Map<String, JobStatus> statuses = new HashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        Map<String, Map<String, String>> outputs = new HashMap<>();
        Map<String, String> adopted = new HashMap<>();
        // each job's latest attempt, found by key: a scan per job made resuming 10,000 jobs quadratic
        Map<String, baton.model.AttemptRecord> stored = new HashMap<>();
        for (var a : store.attempts(run.id())) stored.put(a.jobId() + "\n" + a.attempt(), a);
        List<PlannedJob> planned = new ArrayList<>();
        for (JobRecord j : store.jobs(run.id())) {
            planned.add(new PlannedJob(j.id(), j.phaseId(), j.item(), j.index(), j.seq()));
            attempts.put(j.id(), j.attempts());
            outputs.put(j.id(), j.outputs());
            JobStatus st = j.status();
            var latest = stored.get(j.id() + "\n" + j.attempts());
            if (st == JobStatus.RUNNING && latest != null && Adoption.adoptable(executors, latest)) {
                adopted.put(j.id(), latest.handle()); // followed to its end, never submitted twice
            } else if (redo.contains(j.id()) && st != JobStatus.PENDING) {
                if (st == JobStatus.RUNNING) {
                    throw new RunRefused("job " + j.id() + " is still marked running: run 'baton runs' first so Baton can check on it");
                }
                changes.add(new Change.JobMoved(run.id(), j.id(), st, JobStatus.PENDING, j.attempts(), now, why, null, null));
                st = JobStatus.PENDING;
            }
            statuses.put(j.id(), st);
        }
        store.commit(changes);
        // the plan the run was started with, whole: not the options of the command asking for the retry
        return new Restart(run.id(), def, run.plan(), new JobsAtStart(planned, statuses, attempts, outputs, store.spawnedPhases(run.id()), adopted));
    }

    private RunRecord run(RunId id) throws RunRefused {
        return store.run(id).orElseThrow(() -> new RunRefused("no run " + id));
    }

    private PipelineDef definition(RunRecord run) throws RunRefused {
        try {
            return StoredDefinition.of(store, run.pipelineRef()).definition();
        } catch (LoadException e) {
            throw new RunRefused("the stored definition of run " + run.id() + " no longer loads: " + e.getMessage());
        }
    }
}
