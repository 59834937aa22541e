package baton.engine.plan;

import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.PhaseDef;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.model.RunStatus;
import baton.store.DataDirStore;
import baton.store.RunStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the earlier runs of a pipeline file left behind: the groups a roadmap finished (for
 * {@code --resume}) and the latest successful jobs of a phase (for {@code --from}/{@code --only}).
 * "The same pipeline" is the same source file path, as for {@code --resume}: two copies of a file
 * in different folders have different working folders, so one's outputs say nothing of the other's.
 * Reads only; answers are cached for the life of this object (one start or one plan).
 */
public final class EarlierRuns implements AutoCloseable {
    /** How many runs back to look. */
    private static final int HISTORY = 10_000;

    /** The jobs of a phase in the latest run where all of them succeeded. */
    public record PhaseSuccess(RunId run, List<JobRecord> jobs) {}

    private final RunStore store;       // null: there is no history
    private final boolean owned;        // opened here, closed here
    private List<RunRecord> runs;
    private final Map<RunId, List<JobRecord>> jobs = new HashMap<>();

    private EarlierRuns(RunStore store, boolean owned) {
        this.store = store;
        this.owned = owned;
    }

    public static EarlierRuns of(RunStore store) {
        return new EarlierRuns(store, false);
    }

    /** No history at all: a data directory that does not exist yet. */
    public static EarlierRuns none() {
        return new EarlierRuns(null, false);
    }


    /** Runs of the file at {@code sourcePath}, newest first. */
    private List<RunRecord> runsOf(String sourcePath) {
        if (store == null) return List.of();
        if (runs == null) runs = store.runs(HISTORY);
        return runs.stream().filter(r -> sourcePath.equals(r.sourcePath())).toList();
    }

    private List<JobRecord> jobsOf(RunId run) {
        return jobs.computeIfAbsent(run, store::jobs);
    }

    /**
     * For {@code run --resume} of a roadmap: the phases (tasks and gate) of every group that fully
     * succeeded in the latest run of the same file. Empty when there is no earlier run.
     */
    public Set<String> roadmapGroupsDone(LoadedPipeline p) {
        List<RunRecord> mine = runsOf(p.sourcePath());
        if (mine.isEmpty()) return Set.of();
        Map<String, JobStatus> status = new HashMap<>();
        for (JobRecord j : jobsOf(mine.getFirst().id())) status.put(j.id(), j.status());
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        Set<String> checked = new java.util.HashSet<>(); // done in the file itself: skipped, never succeeded
        for (PhaseDef ph : p.definition().phases()) {
            String g = ph.env().get("TASK_GROUP");
            if (g != null) byGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(ph.id());
            if (ph.doneReason() != null) checked.add(ph.id());
        }
        Set<String> done = new LinkedHashSet<>();
        for (List<String> ids : byGroup.values()) {
            if (ids.stream().allMatch(id -> checked.contains(id) || status.get(id) == JobStatus.SUCCEEDED)) done.addAll(ids);
        }
        return done;
    }

    /**
     * The latest run of the file at {@code sourcePath} in which phase {@code phaseId} succeeded:
     * every job of it succeeded (a fan-out that made no jobs counts only in a run that succeeded).
     * A run that itself took the phase from an earlier one skipped it, so the search goes on to
     * the run that really made the outputs.
     */
    public Optional<PhaseSuccess> latestSuccess(String sourcePath, String phaseId) {
        for (RunRecord r : runsOf(sourcePath)) {
            List<JobRecord> ofPhase = jobsOf(r.id()).stream().filter(j -> j.phaseId().equals(phaseId)).toList();
            boolean succeeded = ofPhase.isEmpty() ? emptyFanOutIn(r, phaseId)
                    : ofPhase.stream().allMatch(j -> j.status() == JobStatus.SUCCEEDED);
            if (succeeded) return Optional.of(new PhaseSuccess(r.id(), ofPhase));
        }
        return Optional.empty();
    }

    /** A phase without jobs in a run succeeded only as a fan-out over nothing, in a run that succeeded and had that phase on. */
    private boolean emptyFanOutIn(RunRecord r, String phaseId) {
        if (r.status() != RunStatus.SUCCEEDED || r.plan().notRun().contains(phaseId)) return false;
        try {
            return StoredDefinition.of(store, r.pipelineRef()).definition().phase(phaseId).isPresent();
        } catch (LoadException e) {
            return false; // a definition this Baton no longer reads: it proves nothing about the phase
        }
    }

    @Override
    public void close() {
        if (owned && store != null) store.close();
    }
}
