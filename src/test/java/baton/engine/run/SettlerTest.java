package baton.engine.run;

import baton.engine.RunEvent;
import baton.model.JobStatus;
import baton.model.PipelineDef;
import baton.store.Change;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static baton.engine.run.RunTables.RUN;
import static baton.engine.run.RunTables.pipeline;
import static baton.engine.run.RunTables.plan;
import static baton.engine.run.RunTables.step;
import static baton.engine.run.RunTables.table;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules moving waiting jobs, on a real job table, without a coordinator, processes or a store. */
class SettlerTest {
    private static void run(JobTable t, String jobId, JobStatus end, Step step) {
        t.move(t.job(jobId), JobStatus.RUNNING, null, null, null, step);
        t.move(t.job(jobId), end, null, null, null, step);
    }

    private static JobStatus status(JobTable t, String jobId) {
        return t.job(jobId).status;
    }

    @Test
    void aJobWaitsForWhatItNeedsAndIsQueuedWhenThatSucceeds() throws Exception {
        PipelineDef def = pipeline("""
                pipeline: chain
                phases:
                  - id: a
                    run: "true"
                  - id: b
                    needs: [a]
                    run: "true"
                """);
        JobTable t = table(def, plan(def, Set.of()));
        Settler settler = new Settler(RUN, t, false, List.of());
        Step step = step();
        settler.settle(step);
        assertThat(status(t, "a")).isEqualTo(JobStatus.QUEUED);
        assertThat(status(t, "b")).isEqualTo(JobStatus.WAITING);
        run(t, "a", JobStatus.SUCCEEDED, step);
        settler.settle(step);
        assertThat(status(t, "b")).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void aFailureBlocksWhatNeedsItsSuccessAndSkipsWhatNeedsItsFailureOnlyWhenItSucceeds() throws Exception {
        PipelineDef def = pipeline("""
                pipeline: branches
                phases:
                  - id: a
                    run: "true"
                  - id: deploy
                    needs: [a]
                    run: "true"
                  - id: alert
                    needs: [{phase: a, when: failure}]
                    run: "true"
                """);
        JobTable t = table(def, plan(def, Set.of()));
        Settler settler = new Settler(RUN, t, false, List.of());
        Step step = step();
        settler.settle(step);
        run(t, "a", JobStatus.FAILED, step);
        settler.settle(step);
        assertThat(status(t, "deploy")).isEqualTo(JobStatus.BLOCKED);
        assertThat(status(t, "alert")).isEqualTo(JobStatus.QUEUED);
        assertThat(step.changes).filteredOn(c -> c instanceof Change.JobMoved m && m.jobId().equals("deploy") && m.to() == JobStatus.BLOCKED)
                .singleElement().extracting(c -> ((Change.JobMoved) c).reason()).isEqualTo("upstream a failed");
    }

    @Test
    void anApprovalCheckpointHoldsAJobUntilItIsApproved() throws Exception {
        PipelineDef def = pipeline("""
                pipeline: gate
                phases:
                  - id: ship
                    approve: ship it?
                    run: "true"
                """);
        JobTable t = table(def, plan(def, Set.of()));
        Step step = step();
        new Settler(RUN, t, false, List.of()).settle(step);
        assertThat(status(t, "ship")).isEqualTo(JobStatus.AWAITING_APPROVAL);

        JobTable approvedBefore = table(def, plan(def, Set.of()));
        new Settler(RUN, approvedBefore, false, List.of("ship")).settle(step());
        assertThat(status(approvedBefore, "ship")).as("approved before a restart").isEqualTo(JobStatus.QUEUED);

        JobTable ci = table(def, plan(def, Set.of()));
        new Settler(RUN, ci, true, List.of()).settle(step());
        assertThat(status(ci, "ship")).as("--yes-approvals").isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void aFanOutOverAnOutputGetsOneJobPerItemOnceItsUpstreamSucceeds() throws Exception {
        PipelineDef def = pipeline("""
                pipeline: fan
                phases:
                  - id: list
                    run: "true"
                  - id: each
                    needs: [list]
                    foreach: {output: list.items}
                    run: "true"
                """);
        JobTable t = table(def, plan(def, Set.of()));
        Settler settler = new Settler(RUN, t, false, List.of());
        Step step = step();
        settler.settle(step);
        assertThat(t.phaseState("each").open).as("its items are not known yet").isTrue();
        t.job("list").outputs = Map.of("items", "[\"x\", \"y\"]");
        run(t, "list", JobStatus.SUCCEEDED, step);
        settler.settle(step);
        assertThat(status(t, "each[0]")).isEqualTo(JobStatus.QUEUED);
        assertThat(t.job("each[1]").job.item()).isEqualTo("y");
        assertThat(step.events).filteredOn(e -> e instanceof RunEvent.JobAdded).extracting(e -> ((RunEvent.JobAdded) e).jobId())
                .containsExactly("each[0]", "each[1]");
    }

    @Test
    void theWatchdogBlocksWithAReasonTheJobsNothingCanWake() throws Exception {
        PipelineDef def = pipeline("""
                pipeline: stuck
                phases:
                  - id: a
                    run: "true"
                """);
        // a table whose phases never reported (no settle after its jobs came): its job waits for nothing that will come
        JobTable t = JobTable.of(RUN, def, plan(def, Set.of()));
        t.addJobsAtStart(JobsAtStart.fresh(List.of(new baton.engine.plan.PlannedJob("a", "a", null, null, 0)), Map.of()));
        t.move(t.job("a"), JobStatus.WAITING, null, null, null, step());
        Step step = step();
        new Settler(RUN, t, false, List.of()).blockWhatCanNeverMove(step);
        assertThat(status(t, "a")).isEqualTo(JobStatus.BLOCKED);
        assertThat(((Change.JobMoved) step.changes.getLast()).error()).startsWith("stalled: ").contains("this is a Baton bug");
    }
}
