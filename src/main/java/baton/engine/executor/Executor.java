package baton.engine.executor;

import baton.model.AttemptRecord;
import baton.model.PhaseDef;
import baton.model.RunId;

import java.util.List;

/**
 * The one way the engine starts, watches and ends a job, whatever runs it: a local process, a
 * phase server called over http, a cluster's batch system. Each implementation says what it
 * supports; the coordinator never asks which one it talks to. Handles outlive Baton (they are
 * stored with the attempt), so recovery also goes through here: ending a dead run's leftovers
 * and telling whether an attempt may still be alive.
 */
public interface Executor {
    /** The name used in pipeline files, on {@code --executor} and in stored handles. */
    String name();

    /** Why this executor cannot run {@code phase}, or null when it can. */
    String refuses(PhaseDef phase);

    /**
     * Starts one attempt, on a launcher thread (it may block there for as long as the job runs).
     * {@code watch} hears of the attempt's start and then of its end, exactly once, also when it
     * cannot start at all.
     */
    void start(JobSpec job, Watch watch);

    /**
     * Ends whatever of run {@code run} (of data directory {@code instance}) this executor still
     * runs for a Baton process that is gone, and verifies it gone. {@code attempts} are the run's
     * stored attempts. Returns what would not end, for a message (empty: all gone).
     */
    List<String> endOrphans(String instance, RunId run, List<AttemptRecord> attempts);

    /**
     * Whether a running attempt of a Baton that died can be followed to its end instead of being
     * ended (its job lives outside Baton, as a batch job does). A local process cannot: its log
     * pipe died with Baton.
     */
    default boolean adopts(AttemptRecord attempt) {
        return false;
    }

    /**
     * Follows an attempt started by an earlier Baton, by its stored handle, as if this one had
     * started it: {@code watch} hears {@code started}, then its end. Only for attempts it {@link #adopts}.
     */
    default void follow(JobSpec job, Handle handle, Watch watch) {
        watch.ended(null, 0, name() + " cannot follow an attempt it did not start");
    }
}
