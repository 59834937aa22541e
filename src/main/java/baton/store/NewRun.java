package baton.store;

import baton.model.RunOwner;
import baton.model.RunPlan;

import java.time.Instant;
import java.util.Map;

/**
 * A run to create. {@code seededOutputs} (job id to outputs) are the outputs its jobs start with:
 * those of the phases {@code --from}/{@code --only} took from an earlier run, written in the
 * same transaction as the run so a crash never leaves a run without them.
 */
public record NewRun(long pipelineRef, String pipelineId, RunPlan plan, Instant startedAt, String startedBy, RunOwner owner,
                     Map<String, Map<String, String>> seededOutputs) {
    public NewRun {
        seededOutputs = seededOutputs == null ? Map.of() : Map.copyOf(seededOutputs);
    }

    public NewRun(long pipelineRef, String pipelineId, RunPlan plan, Instant startedAt, String startedBy, RunOwner owner) {
        this(pipelineRef, pipelineId, plan, startedAt, startedBy, owner, Map.of());
    }
}
