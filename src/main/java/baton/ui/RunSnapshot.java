package baton.ui;

import baton.engine.RunEvent;
import baton.engine.RunRefused;
import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.model.StateChange;
import baton.ui.gantt.GanttModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run as the store had it when it was read, and how to tell a published move that is already
 * in it from one that came after. Events of a run are published in the order their changes were
 * committed, and the window starts keeping a run's events before it reads; so the events kept
 * that are not in the snapshot are exactly those to apply on top of it, and none is lost.
 *
 * @param questions the {@code approve:} questions of the definition it was started with; null when not read
 * @param definition the definition it was started with; null when it no longer loads
 * @param baselines each job's usual duration in earlier successful runs of the pipeline ({@link Baselines})
 */
record RunSnapshot(RunRecord run, List<JobRecord> jobs, List<StateChange> changes, List<AttemptRecord> attempts,
                   boolean definitionChanged, Map<String, String> questions, LoadedPipeline definition, Map<String, Long> baselines) {
    private static final System.Logger LOG = System.getLogger("baton.ui");
    /** The store keeps microseconds, an event the instant itself: the same move differs by less than this. */
    private static final long SAME_MOVE_WITHIN_MS = 1;

    /**
     * Reads a run, off the FX thread. The state changes come first and the jobs after them, so every
     * job with a move in the snapshot has its row; the record comes last, so it is at least as new
     * as the moves.
     */
    static RunSnapshot read(EngineCalls engine, RunId id, boolean checkFile, boolean readQuestions) throws RunRefused {
        List<StateChange> changes = engine.stateChanges(id, 0);
        List<JobRecord> jobs = engine.jobs(id);
        List<AttemptRecord> attempts = engine.attempts(id);
        RunRecord run = engine.run(id).orElseThrow(() -> new RunRefused("no run " + id));
        boolean changed = checkFile && engine.definitionChanged(run);
        LoadedPipeline definition = storedDefinition(engine, run);
        Map<String, String> questions = !readQuestions ? null : definition == null ? Map.of() : ApprovalNotices.questionsOf(definition);
        return new RunSnapshot(run, jobs, changes, attempts, changed, questions, definition, Baselines.read(engine, run));
    }

    /** The definition a run was started with (null when it no longer loads). */
    private static LoadedPipeline storedDefinition(EngineCalls engine, RunRecord run) {
        try {
            return engine.definitionOf(run);
        } catch (LoadException e) {
            LOG.log(System.Logger.Level.INFO, "the stored definition of run " + run.id() + " does not load: its phase names and approval questions are not shown", e);
            return null;
        }
    }

    /** What the timeline shows of each phase: its name, whether it is fatal, its needs (none when the definition no longer loads). */
    static Map<String, GanttModel.Phase> phases(LoadedPipeline definition) {
        Map<String, GanttModel.Phase> out = new HashMap<>();
        if (definition == null) return out;
        for (PhaseDef ph : definition.definition().phases()) {
            out.put(ph.id(), new GanttModel.Phase(ph.name(), !ph.fatal(), ph.needs().stream().map(Need::phase).toList()));
        }
        return out;
    }

    /** The run's timeline: one row per job, every stored move. */
    GanttModel gantt() {
        GanttModel m = new GanttModel(run.id().value(), phases(definition));
        for (JobRecord j : jobs) m.addRow(j.id(), j.phaseId(), j.lane(), j.item());
        addMoves(m, "");
        for (JobRecord j : jobs) {
            var row = m.row(j.id());
            if (row != null) row.exitCode(j.exitCode());
            if (row != null && baselines.containsKey(j.id())) row.baseline(baselines.get(j.id()));
        }
        for (AttemptRecord a : attempts) timesOf(m.row(a.jobId()), a);
        return m;
    }

    /**
     * Gives a row an attempt's stored times (the tooltip then tells what the job panel tells); a
     * batch job placed on a cluster's node began to run then, and its wait before is the queue's;
     * one not placed (yet) has only waited.
     */
    static void timesOf(baton.ui.gantt.GanttRow row, AttemptRecord a) {
        if (row == null || a.startedAt() == null) return;
        row.attemptTimes(a.attempt(), a.startedAt().toEpochMilli(), a.endedAt() == null ? 0 : a.endedAt().toEpochMilli());
        if (a.node() != null) row.leftQueue(a.attempt(), a.startedAt().toEpochMilli());
        else if (a.slurmJobId() != null) row.submitted(a.attempt());
    }

    /** Adds the run to a timeline of several runs: its jobs as {@code run/job} under one lane named by the run. */
    void addTo(GanttModel m) {
        String prefix = run.id() + "/";
        for (JobRecord j : jobs) m.addRow(prefix + j.id(), j.phaseId(), run.id().value(), j.item());
        addMoves(m, prefix);
        for (AttemptRecord a : attempts) timesOf(m.row(prefix + a.jobId()), a);
    }

    private void addMoves(GanttModel m, String prefix) {
        for (StateChange c : changes) {
            if (c.jobId() != null) m.moved(prefix + c.jobId(), JobStatus.fromWire(c.to()), c.attempt(), c.at().toEpochMilli(), c.reason());
        }
    }

    /** The stored job moves, to ask of a published move whether it is one of them. */
    StoredMoves storedMoves() {
        Map<String, List<Long>> byMove = new HashMap<>();
        for (StateChange c : changes) {
            if (c.jobId() != null) byMove.computeIfAbsent(key(c.jobId(), c.to(), c.attempt()), k -> new ArrayList<>()).add(c.at().toEpochMilli());
        }
        return new StoredMoves(byMove);
    }

    /** A snapshot's job moves by job, state and attempt, with the times they were made. */
    record StoredMoves(Map<String, List<Long>> byMove) {
        /** Whether this move was read (published before or after the read, it is one of the stored changes). */
        boolean has(RunEvent.JobMoved mv) {
            for (long at : byMove.getOrDefault(key(mv.jobId(), mv.to().wire(), mv.attempt()), List.of())) {
                if (Math.abs(at - mv.at().toEpochMilli()) <= SAME_MOVE_WITHIN_MS) return true;
            }
            return false;
        }
    }

    private static String key(String job, String to, int attempt) {
        return job + "\u0000" + to + "\u0000" + attempt;
    }
}
