package baton.model;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A run as stored. {@code switches} holds the on/off state of every optional phase for this run;
 * {@code takenFrom} and {@code leftOut} are what {@code --from}/{@code --only} chose (see {@link RunPlan}).
 */
public record RunRecord(
        RunId id, long pipelineRef, String pipelineId, RunStatus status,
        Map<String, String> params, Map<String, Boolean> switches, String input, int concurrency,
        Instant startedAt, Instant endedAt, String startedBy, String sourcePath, RunOwner owner,
        Set<String> alreadyDone, Map<String, String> takenFrom, Map<String, String> leftOut, boolean autoApprove, String executor) {

    /** A run whose executor is the pipeline's own choice. */
    public RunRecord(RunId id, long pipelineRef, String pipelineId, RunStatus status, Map<String, String> params, Map<String, Boolean> switches,
                     String input, int concurrency, Instant startedAt, Instant endedAt, String startedBy, String sourcePath, RunOwner owner,
                     Set<String> alreadyDone, Map<String, String> takenFrom, Map<String, String> leftOut, boolean autoApprove) {
        this(id, pipelineRef, pipelineId, status, params, switches, input, concurrency, startedAt, endedAt, startedBy, sourcePath, owner,
                alreadyDone, takenFrom, leftOut, autoApprove, null);
    }

    /** What the run was started with: the only source for retry and resume. */
    public RunPlan plan() {
        return new RunPlan(params, switches, alreadyDone, input, concurrency, takenFrom, leftOut, autoApprove, executor);
    }
}
