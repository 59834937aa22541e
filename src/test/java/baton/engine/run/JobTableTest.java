package baton.engine.run;

import baton.engine.RunEvent;
import baton.model.JobStatus;
import baton.model.PipelineDef;
import baton.model.RunStatus;
import baton.store.Change;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static baton.engine.run.RunTables.pipeline;
import static baton.engine.run.RunTables.plan;
import static baton.engine.run.RunTables.step;
import static baton.engine.run.RunTables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The phases and jobs of a live run, and their moves, without a coordinator, processes or a store. */
class JobTableTest {
    private static final String CHAIN = """
            pipeline: chain
            phases:
              - id: a
                run: "true"
              - id: b
                needs: [a]
                fatal: false
                run: "true"
              - id: extra
                optional: true
                enabled: false
                run: "true"
            """;

    @Test
    void aMoveIsCountedInItsPhaseAndRecordedForTheStoreAndThenTheListeners() throws Exception {
        PipelineDef def = pipeline(CHAIN);
        JobTable t = table(def, plan(def, Set.of()));
        Step step = step();
        t.move(t.job("a"), JobStatus.QUEUED, null, null, null, step);
        assertThat(t.firstReady()).isSameAs(t.job("a"));
        t.move(t.job("a"), JobStatus.RUNNING, null, null, null, step);
        assertThat(t.firstReady()).as("a job that moved on is no longer ready").isNull();
        t.move(t.job("a"), JobStatus.SUCCEEDED, null, 0, null, step);
        assertThat(step.changes).hasSize(3).allMatch(c -> c instanceof Change.JobMoved m && m.jobId().equals("a"));
        assertThat(step.events).extracting(e -> ((RunEvent.JobMoved) e).to())
                .containsExactly(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED);
        assertThat(t.phaseState("a").outcome()).isEqualTo(Decider.Outcome.SUCCESS);
        assertThat(t.allEnded(false)).as("b and extra have not ended").isFalse();
    }

    @Test
    void aMoveTheTransitionTableForbidsIsRefusedAndChangesNothing() throws Exception {
        PipelineDef def = pipeline(CHAIN);
        JobTable t = table(def, plan(def, Set.of()));
        Step step = step();
        assertThatThrownBy(() -> t.move(t.job("a"), JobStatus.SUCCEEDED, null, null, null, step))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pending to succeeded");
        assertThat(t.job("a").status).isEqualTo(JobStatus.PENDING);
        assertThat(step.changes).isEmpty();
    }

    @Test
    void aPhaseSwitchedOffInThePlanSaysWhy() throws Exception {
        PipelineDef def = pipeline(CHAIN);
        JobTable t = table(def, plan(def, Set.of("extra")));
        assertThat(t.phaseState("extra").switchedOff).isTrue();
        assertThat(t.phaseState("extra").offReason).isEqualTo("switched off");
        assertThat(t.phaseState("a").switchedOff).isFalse();
    }

    @Test
    void theRunFailsOnAFatalFailureOnlyAndNotForASupersededJob() throws Exception {
        PipelineDef def = pipeline(CHAIN);
        JobTable t = table(def, plan(def, Set.of()));
        Step step = step();
        for (String id : new String[]{"a", "b", "extra"}) {
            t.move(t.job(id), JobStatus.QUEUED, null, null, null, step);
            t.move(t.job(id), JobStatus.RUNNING, null, null, null, step);
        }
        t.move(t.job("extra"), JobStatus.SUCCEEDED, null, 0, null, step);
        t.move(t.job("b"), JobStatus.FAILED, "exit code 1", 1, "exit code 1", step);
        t.move(t.job("a"), JobStatus.FAILED, "exit code 1", 1, "exit code 1", step);
        assertThat(t.allEnded(false)).isTrue();
        assertThat(t.finalStatus(false)).as("a is fatal").isEqualTo(RunStatus.FAILED);
        t.supersede("a", "a/fix");
        assertThat(t.finalStatus(false)).as("b is not fatal, a's outcome was replaced").isEqualTo(RunStatus.SUCCEEDED);
        assertThat(t.finalStatus(true)).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void aRequestNamesAJobOrEveryJobOfAPhase() throws Exception {
        PipelineDef def = pipeline("""
                pipeline: fan
                phases:
                  - id: each
                    foreach: [x, y]
                    run: "true"
                """);
        JobTable t = table(def, plan(def, Set.of()));
        assertThat(t.named("each[1]")).extracting(js -> js.job.id()).containsExactly("each[1]");
        assertThat(t.named("each")).extracting(js -> js.job.id()).containsExactly("each[0]", "each[1]");
        assertThat(t.named("nothing")).isEmpty();
    }
}
