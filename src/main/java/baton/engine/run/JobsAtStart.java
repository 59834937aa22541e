package baton.engine.run;

import baton.engine.plan.PlannedJob;
import baton.model.JobStatus;

import java.util.List;
import java.util.Map;

/**
 * The jobs a run's coordinator begins with: those planned (or stored, for a retry or resume),
 * with the state, attempt count and outputs each has so far, and the spawn files the run took in
 * earlier ({@code [spawner job id, file text]}, in the order they were taken in). {@code adopted}
 * are the jobs still running under an executor that outlived the Baton that started them (a
 * Slurm job), by their stored handle: they begin running, and are followed to their end, not run again.
 */
public record JobsAtStart(List<PlannedJob> planned, Map<String, JobStatus> status, Map<String, Integer> attempts,
                          Map<String, Map<String, String>> outputs, List<baton.store.SpawnFile> spawns, Map<String, String> adopted) {
    public JobsAtStart(List<PlannedJob> planned, Map<String, JobStatus> status, Map<String, Integer> attempts,
                       Map<String, Map<String, String>> outputs, List<baton.store.SpawnFile> spawns) {
        this(planned, status, attempts, outputs, spawns, Map.of());
    }

    public JobsAtStart {
        adopted = Map.copyOf(adopted);
        planned = List.copyOf(planned);
        status = Map.copyOf(status);
        attempts = Map.copyOf(attempts);
        outputs = Map.copyOf(outputs);
        spawns = List.copyOf(spawns);
    }

    /** Whether these are a new run's jobs (nothing stored of them yet: no state, attempt or spawn). */
    public boolean isNew() {
        return status.isEmpty() && attempts.isEmpty() && spawns.isEmpty() && adopted.isEmpty();
    }

    /** A new run's jobs: all pending, with the outputs of those taken from an earlier run. */
    public static JobsAtStart fresh(List<PlannedJob> planned, Map<String, Map<String, String>> seededOutputs) {
        return new JobsAtStart(planned, Map.of(), Map.of(), seededOutputs, List.of());
    }
}
