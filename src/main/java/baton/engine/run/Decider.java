package baton.engine.run;

import baton.model.JobStatus;
import baton.model.When;

/**
 * The rules of SPEC 1.1 about {@code needs}, {@code when} and {@code fatal}, as pure functions:
 * what a phase amounts to given its jobs' tally, what that means for a need on it, and what
 * a waiting job becomes given all its needs. The coordinator keeps the tallies up to date
 * incrementally; every decision about a job goes through here.
 */
public final class Decider {

    /** What a phase amounts to for the phases that need it. */
    public enum Outcome { NOT_ENDED, SUCCESS, SOFT_FAILURE, FAILURE, CANCELLED, BLOCKED, SWITCHED_OFF, SKIPPED }

    /** What one need says about its dependent. Ordered by strength: a later one wins when combined. */
    public enum Verdict { MET, WAIT, SKIP, BLOCK }

    /** Counts of a phase's jobs by kind of state. */
    public record Tally(int total, int notEnded, int cancelled, int blocked, int failed, int skipped) {}

    private Decider() {}

    /**
     * @param open  the phase's job list is not complete yet (fan-out waiting for its items)
     */
    public static Outcome outcome(Tally t, boolean fatal, boolean switchedOff, boolean open) {
        if (open || t.notEnded() > 0) return Outcome.NOT_ENDED;
        // an empty fan-out has no jobs: it succeeded at nothing, and its dependents go on
        if (t.total() == 0) return switchedOff ? Outcome.SWITCHED_OFF : Outcome.SUCCESS;
        if (t.cancelled() > 0) return Outcome.CANCELLED;
        if (t.blocked() > 0) return Outcome.BLOCKED;
        if (t.failed() > 0) return fatal ? Outcome.FAILURE : Outcome.SOFT_FAILURE;
        if (t.skipped() == t.total()) return switchedOff ? Outcome.SWITCHED_OFF : Outcome.SKIPPED;
        return Outcome.SUCCESS;
    }

    public static Verdict verdict(When when, Outcome up) {
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

    /**
     * What a pending or waiting job becomes: blocked as soon as one need blocks it, otherwise
     * waiting while any need has not ended, then skipped if a need says so, else queued.
     */
    public static JobStatus jobStatus(boolean anyBlock, boolean anyWaiting, boolean anySkip) {
        if (anyBlock) return JobStatus.BLOCKED;
        if (anyWaiting) return JobStatus.WAITING;
        if (anySkip) return JobStatus.SKIPPED;
        return JobStatus.QUEUED;
    }

    static String word(When w) {
        return switch (w) {
            case SUCCESS -> "succeed";
            case FAILURE -> "fail";
            case ALWAYS -> "end";
        };
    }

    static String describe(Outcome o) {
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
