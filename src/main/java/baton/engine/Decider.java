package baton.engine;

import baton.model.JobStatus;
import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.When;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pure part of the engine: given the definition and the current job statuses, says which
 * waiting jobs may go, must wait, are skipped or are blocked. It never starts anything and keeps
 * no state, so every rule about {@code needs}, {@code when} and {@code fatal} is tested here alone.
 */
public final class Decider {

    /** What a phase amounts to for the phases that need it. */
    public enum Outcome { NOT_ENDED, SUCCESS, SOFT_FAILURE, FAILURE, CANCELLED, BLOCKED, SWITCHED_OFF, SKIPPED }

    /** A move the coordinator should make for a job that is not running or ended. */
    public record Move(String jobId, JobStatus to, String reason) {}

    /**
     * What the decider looks at: phases by id, each phase's jobs, job statuses, the phases
     * switched off in this run, and phases whose job list is not complete yet (fan-out over an
     * upstream output before that output exists, or a spawner whose spawns are not added yet).
     */
    public record Snapshot(Map<String, PhaseDef> phases, Map<String, List<String>> jobsOfPhase,
                           Map<String, JobStatus> status, Map<String, String> phaseOfJob, Set<String> switchedOff,
                           Set<String> openPhases, Map<String, List<String>> extraNeeds) {}

    private Decider() {}

    public static List<Move> decide(Snapshot s) {
        Map<String, Outcome> memo = new HashMap<>();
        List<Move> moves = new ArrayList<>();
        for (var e : s.status().entrySet()) {
            JobStatus st = e.getValue();
            if (st != JobStatus.PENDING && st != JobStatus.WAITING) continue;
            String jobId = e.getKey();
            String phaseId = s.phaseOfJob().get(jobId);
            if (s.switchedOff().contains(phaseId)) {
                moves.add(new Move(jobId, JobStatus.SKIPPED, "switched off"));
                continue;
            }
            Move m = evaluate(s, jobId, phaseId, memo);
            if (m.to() != st) moves.add(m);
        }
        return moves;
    }

    private static Move evaluate(Snapshot s, String jobId, String phaseId, Map<String, Outcome> memo) {
        PhaseDef phase = s.phases().get(phaseId);
        boolean waiting = false;
        String skipReason = null;
        for (Need n : allNeeds(s, phase)) {
            Outcome up = outcome(s, n.phase(), memo);
            switch (verdict(n.when(), up)) {
                case MET -> {}
                case WAIT -> waiting = true;
                case BLOCK -> {
                    return new Move(jobId, JobStatus.BLOCKED, "upstream " + n.phase() + " " + describe(up));
                }
                case SKIP -> {
                    if (skipReason == null) skipReason = "needs " + n.phase() + " to " + word(n.when()) + ", but it " + describe(up);
                }
            }
        }
        if (waiting) return new Move(jobId, JobStatus.WAITING, null);
        if (skipReason != null) return new Move(jobId, JobStatus.SKIPPED, skipReason);
        return new Move(jobId, JobStatus.QUEUED, null);
    }

    private static Collection<Need> allNeeds(Snapshot s, PhaseDef phase) {
        List<String> extra = s.extraNeeds().getOrDefault(phase.id(), List.of());
        if (extra.isEmpty()) return phase.needs();
        List<Need> all = new ArrayList<>(phase.needs());
        for (String x : extra) all.add(Need.success(x));
        return all;
    }

    enum Verdict { MET, WAIT, BLOCK, SKIP }

    static Verdict verdict(When when, Outcome up) {
        if (up == Outcome.NOT_ENDED) return Verdict.WAIT;
        return switch (when) {
            case SUCCESS -> switch (up) {
                case SUCCESS, SOFT_FAILURE, SWITCHED_OFF -> Verdict.MET;
                case FAILURE, CANCELLED, BLOCKED -> Verdict.BLOCK;
                case SKIPPED -> Verdict.SKIP;
                case NOT_ENDED -> Verdict.WAIT;
            };
            case FAILURE -> switch (up) {
                case FAILURE -> Verdict.MET;
                case SUCCESS, SOFT_FAILURE, SWITCHED_OFF, SKIPPED -> Verdict.SKIP;
                case CANCELLED, BLOCKED -> Verdict.BLOCK;
                case NOT_ENDED -> Verdict.WAIT;
            };
            case ALWAYS -> Verdict.MET;
        };
    }

    /** The outcome of a whole phase, over all of its jobs (fan-in). */
    public static Outcome outcome(Snapshot s, String phaseId, Map<String, Outcome> memo) {
        Outcome cached = memo.get(phaseId);
        if (cached != null) return cached;
        Outcome o = computeOutcome(s, phaseId);
        memo.put(phaseId, o);
        return o;
    }

    private static Outcome computeOutcome(Snapshot s, String phaseId) {
        if (s.openPhases().contains(phaseId)) return Outcome.NOT_ENDED;
        PhaseDef phase = s.phases().get(phaseId);
        boolean cancelled = false, blocked = false, failed = false, allSkipped = true;
        for (String job : s.jobsOfPhase().getOrDefault(phaseId, List.of())) {
            JobStatus st = s.status().get(job);
            if (!st.isTerminal()) return Outcome.NOT_ENDED;
            switch (st) {
                case CANCELLED -> cancelled = true;
                case BLOCKED -> blocked = true;
                case FAILED, TIMED_OUT -> failed = true;
                default -> {}
            }
            if (st != JobStatus.SKIPPED) allSkipped = false;
        }
        // an empty fan-out has no jobs: it succeeded at nothing, and its dependents go on
        if (s.jobsOfPhase().getOrDefault(phaseId, List.of()).isEmpty()) {
            return s.switchedOff().contains(phaseId) ? Outcome.SWITCHED_OFF : Outcome.SUCCESS;
        }
        if (cancelled) return Outcome.CANCELLED;
        if (blocked) return Outcome.BLOCKED;
        if (failed) return phase.fatal() ? Outcome.FAILURE : Outcome.SOFT_FAILURE;
        if (allSkipped) return s.switchedOff().contains(phaseId) ? Outcome.SWITCHED_OFF : Outcome.SKIPPED;
        return Outcome.SUCCESS;
    }

    private static String word(When w) {
        return switch (w) {
            case SUCCESS -> "succeed";
            case FAILURE -> "fail";
            case ALWAYS -> "end";
        };
    }

    private static String describe(Outcome o) {
        return switch (o) {
            case SUCCESS -> "succeeded";
            case SOFT_FAILURE -> "failed (not fatal)";
            case FAILURE -> "failed";
            case CANCELLED -> "was cancelled";
            case BLOCKED -> "is blocked";
            case SWITCHED_OFF -> "is switched off";
            case SKIPPED -> "was skipped";
            case NOT_ENDED -> "has not ended";
        };
    }
}
