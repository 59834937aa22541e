package baton.engine.recover;

import baton.engine.executor.Executors;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.model.RunStatus;
import baton.store.Change;
import baton.store.RunStore;
import baton.store.StaleStateException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Finds runs marked running whose owner is gone (see {@link Ownership}), ends what is left of
 * their jobs' processes, and records them as interrupted, with their running jobs cut off, so
 * they can be resumed. A run whose owner is alive is never touched.
 */
public final class OrphanRecovery {
    /** The reason of a job cut off because its run's Baton process ended; resume runs such a job again. */
    public static final String INTERRUPTED_REASON = "interrupted: its Baton process ended";

    private final RunStore store;
    private final String instance;
    private final Ownership ownership;
    private final Executors executors;
    private final Consumer<String> notes;

    /** {@code notes} hears what the person should know (a run whose processes would not end). */
    public OrphanRecovery(RunStore store, String instance, Ownership ownership, Executors executors, Consumer<String> notes) {
        this.store = store;
        this.instance = instance;
        this.ownership = ownership;
        this.executors = executors;
        this.notes = notes;
    }

    /** Recovers every orphaned run but those {@code drivenHere}; returns the runs it marked interrupted. */
    public List<RunId> recover(Predicate<RunId> drivenHere) {
        List<RunId> recovered = new ArrayList<>();
        for (RunRecord r : store.runsWithStatus(RunStatus.RUNNING)) {
            if (drivenHere.test(r.id()) || ownership.ownerAlive(r)) continue;
            // every process of the run's jobs, found by the identity they inherited (descendants
            // too), must be gone before an attempt is recorded as ended: otherwise a resume could
            // start a second copy of a job whose first still runs
            List<String> alive = Leftovers.end(executors, instance, r.id(), store.attempts(r.id()));
            if (!alive.isEmpty()) {
                notes.accept("run " + r.id() + " was left by a Baton process that is gone, but its jobs " + alive
                        + " would not end (even with SIGKILL): the run stays 'running' until they do");
                continue;
            }
            try {
                store.commit(interrupted(r, Instant.now()));
                recovered.add(r.id());
            } catch (StaleStateException e) {
                // another process recovered (or resumed) it between our read and our write: its record stands
                System.getLogger("baton.engine").log(System.Logger.Level.INFO, "run " + r.id() + " was recovered by another Baton process first: "
                        + e.getMessage());
            }
        }
        return recovered;
    }

    /** The changes that mark {@code r} interrupted: its running jobs' attempts end, cut off, and so do the jobs. */
    private List<Change> interrupted(RunRecord r, Instant now) {
        List<Change> changes = new ArrayList<>();
        List<AttemptRecord> attempts = store.attempts(r.id());
        for (JobRecord j : store.jobs(r.id())) {
            if (j.status() != JobStatus.RUNNING) continue;
            AttemptRecord latest = attempts.stream().filter(a -> a.jobId().equals(j.id()) && a.attempt() == j.attempts()).findFirst().orElse(null);
            // a job that lives outside Baton (a Slurm job) stays running: the resume follows it to its end
            if (latest != null && Adoption.adoptable(executors, latest)) continue;
            if (latest != null) {
                changes.add(new Change.AttemptEnded(r.id(), j.id(), latest.attempt(), JobStatus.CANCELLED, now, null, INTERRUPTED_REASON,
                        latest.logSize()));
            }
            changes.add(new Change.JobMoved(r.id(), j.id(), JobStatus.RUNNING, JobStatus.CANCELLED, j.attempts(), now, INTERRUPTED_REASON, null,
                    INTERRUPTED_REASON));
        }
        changes.add(new Change.RunMoved(r.id(), RunStatus.RUNNING, RunStatus.INTERRUPTED, now, "owner " + Ownership.describe(r) + " is gone"));
        return changes;
    }
}
