package baton.engine.run;

import baton.model.JobStatus;
import baton.model.Need;
import baton.model.PhaseDef;

import java.util.ArrayList;
import java.util.List;

/**
 * A phase inside a live run: the tally of its jobs' states, and, as a dependent, how many of its
 * needs have ended and what they said. Kept up to date on every move, so deciding costs the
 * edges that changed, not the whole run (a 10,000-way fan-in stays linear).
 */
final class PhaseState {
    /** A need of phase {@code down} on phase {@code up}. */
    record Link(Need need, PhaseState up, PhaseState down) {}

    final PhaseDef def;
    final boolean switchedOff;
    static final String OFF = "switched off";
    /** Why the phase does not run, when it does not: switched off, done before, taken from an earlier run, left out. */
    String offReason = OFF;
    boolean open;
    /** Skipped as done in an earlier run (--resume, or before --from/--only): its jobs carry the outputs they made then. */
    boolean doneEarlier;
    final List<String> jobs = new ArrayList<>();
    final List<Link> upstream = new ArrayList<>();
    final List<Link> downstream = new ArrayList<>(); // links of dependents whose 'up' is this phase

    private int total, notEnded, cancelled, blocked, failed, skipped;
    /** Jobs a person marked done without running ('baton skip'): for dependents they count as done, not as skipped. */
    int markedDone;

    // what this phase last told its dependents
    boolean reportedEnded;
    Decider.Outcome reported;

    // as a dependent
    int needsEnded;
    boolean anyBlock, anySkip;
    String blockReason, skipReason;
    /** Set while queued in the coordinator's work lists. */
    boolean dirty, touched;

    PhaseState(PhaseDef def, boolean switchedOff, boolean open) {
        this.def = def;
        this.switchedOff = switchedOff;
        this.open = open;
    }

    void count(JobStatus s, int delta) {
        if (!s.isTerminal()) notEnded += delta;
        switch (s) {
            case CANCELLED -> cancelled += delta;
            case BLOCKED -> blocked += delta;
            case FAILED, TIMED_OUT -> failed += delta;
            case SKIPPED -> skipped += delta;
            default -> {}
        }
    }

    void jobAdded(String jobId, JobStatus s) {
        jobs.add(jobId);
        total++;
        count(s, 1);
    }

    Decider.Outcome outcome() {
        Decider.Outcome o = Decider.outcome(new Decider.Tally(total, notEnded, cancelled, blocked, failed, skipped), def.fatal(), switchedOff, open);
        // switched off, it passes on what its own needs said: a failure before it still blocks what comes after
        if (o == Decider.Outcome.SWITCHED_OFF && anyBlock) return Decider.Outcome.BLOCKED;
        if (o == Decider.Outcome.SWITCHED_OFF && anySkip) return Decider.Outcome.SKIPPED;
        if (o == Decider.Outcome.SKIPPED && markedDone > 0) return Decider.Outcome.SUCCESS;
        return o;
    }

    /** Takes in the end of one upstream phase. */
    void needEnded(Link link, Decider.Outcome o) {
        needsEnded++;
        switch (Decider.verdict(link.need().when(), o)) {
            case BLOCK -> {
                if (!anyBlock) blockReason = "upstream " + link.up().def.id() + " " + Decider.describe(o);
                anyBlock = true;
            }
            case SKIP -> {
                if (!anySkip) skipReason = "needs " + link.up().def.id() + " to " + Decider.word(link.need().when())
                        + ", but it " + (o == Decider.Outcome.SWITCHED_OFF && !OFF.equals(link.up().offReason)
                                ? "does not run in this run (" + link.up().offReason + ")" : Decider.describe(o));
                anySkip = true;
            }
            default -> {}
        }
    }

    /** Counts the needs again from what each upstream phase last reported (after a reset). */
    void recountNeeds() {
        needsEnded = 0;
        anyBlock = anySkip = false;
        blockReason = skipReason = null;
        for (Link l : upstream) if (l.up().reportedEnded) needEnded(l, l.up().reported);
    }

    /** What a pending or waiting job of this phase should be now, and why. */
    JobStatus target() {
        // a phase switched off is transparent: it waits for what it needs, then is skipped, and
        // passes on what they said (see outcome()); so what needs it waits for what it waited
        // for, and never starts early
        boolean waiting = needsEnded < upstream.size();
        if (switchedOff) return waiting ? JobStatus.WAITING : JobStatus.SKIPPED;
        return Decider.jobStatus(anyBlock, waiting, anySkip);
    }

    String targetReason(JobStatus target) {
        return switch (target) {
            case SKIPPED -> switchedOff ? offReason + (anyBlock ? "; " + blockReason : anySkip ? "; " + skipReason : "") : skipReason;
            case BLOCKED -> blockReason;
            default -> null;
        };
    }
}
