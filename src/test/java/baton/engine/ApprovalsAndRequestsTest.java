package baton.engine;

import baton.model.JobStatus;
import baton.model.RunRequest;
import baton.model.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Approval checkpoints, and requests to a live run: approve, reject, skip, cancel (issue: migration, items 10 and 11). */
class ApprovalsAndRequestsTest {
    @TempDir Path dir;

    private static final String CHECKPOINT = """
            pipeline: translations
            phases:
              - id: translate
                run: echo translated
              - id: extract
                needs: [translate]
                approve: "Check the translations before extraction"
                run: echo extracted
              - id: publish
                needs: [extract]
                run: echo published
            """;

    private static void awaitStatus(EngineFixture f, LiveRun live, String job, JobStatus status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> f.engine.jobs(live.id()).stream()
                .anyMatch(j -> j.id().equals(job) && j.status() == status));
    }

    @Test
    void aCheckpointWaitsUntilApprovedThenTheRunGoesOn() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            LiveRun live = f.start(CHECKPOINT, RunOptions.defaults());
            awaitStatus(f, live, "extract", JobStatus.AWAITING_APPROVAL);
            Thread.sleep(300); // it stays there: nothing but a person moves it
            assertThat(f.engine.jobs(live.id()).stream().filter(j -> j.id().equals("extract")).findFirst().orElseThrow().status())
                    .isEqualTo(JobStatus.AWAITING_APPROVAL);
            long req = f.engine.request(live.id(), "extract", RunRequest.Kind.APPROVE, "ana");
            var r = f.finish(live);
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.movesOf("extract")).containsSubsequence("awaiting_approval", "queued", "running", "succeeded");
            assertThat(f.engine.requestOutcome(req)).contains("approved extract");
        }
    }

    @Test
    void aRejectedCheckpointFailsAndBlocksWhatNeedsIt() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            LiveRun live = f.start(CHECKPOINT, RunOptions.defaults());
            awaitStatus(f, live, "extract", JobStatus.AWAITING_APPROVAL);
            f.engine.request(live.id(), "extract", RunRequest.Kind.REJECT, "ana");
            var r = f.finish(live);
            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.job("extract").status()).isEqualTo(JobStatus.FAILED);
            assertThat(r.job("extract").error()).isEqualTo("rejected by ana");
            assertThat(r.job("publish").status()).isEqualTo(JobStatus.BLOCKED);
        }
    }

    @Test
    void yesApprovalsLetsCheckpointsPassForCi() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            var r = f.run(CHECKPOINT, RunOptions.defaults().withAutoApprove(true));
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.movesOf("extract")).doesNotContain("awaiting_approval");
            assertThat(r.run().plan().autoApprove()).isTrue();
        }
    }

    @Test
    void aSkippedWaitingJobCountsAsDoneForWhatNeedsIt() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            LiveRun live = f.start("""
                    pipeline: p
                    phases:
                      - id: slow
                        run: sleep 30
                      - id: report
                        needs: [slow]
                        run: echo report
                      - id: after
                        needs: [report]
                        run: echo after
                    """, RunOptions.defaults());
            awaitStatus(f, live, "slow", JobStatus.RUNNING);
            long skip = f.engine.request(live.id(), "report", RunRequest.Kind.SKIP, "ana");
            await().atMost(Duration.ofSeconds(10)).until(() -> f.engine.jobs(live.id()).stream()
                    .anyMatch(j -> j.id().equals("report") && j.status() == JobStatus.SKIPPED));
            f.engine.request(live.id(), "slow", RunRequest.Kind.SKIP, "ana"); // running: refused
            f.engine.request(live.id(), "slow", RunRequest.Kind.CANCEL, "ana");
            var r = f.finish(live);
            assertThat(r.job("report").status()).isEqualTo(JobStatus.SKIPPED);
            assertThat(r.history().stream().filter(c -> "report".equals(c.jobId())).map(c -> c.reason()).toList())
                    .anySatisfy(reason -> assertThat(reason).contains("marked done by ana"));
            assertThat(f.engine.requestOutcome(skip)).contains("skipped report");
            assertThat(r.job("after").status()).as("'after' needs only 'report', which counts as done").isEqualTo(JobStatus.SUCCEEDED);
        }
    }

    @Test
    void aSkippedJobLetsItsDependentsRun() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            LiveRun live = f.start("""
                    pipeline: p
                    phases:
                      - id: gate
                        run: "true"
                      - id: manual
                        needs: [gate]
                        approve: "Did you do the manual step?"
                        run: exit 1
                      - id: after
                        needs: [manual]
                        run: echo after
                    """, RunOptions.defaults());
            awaitStatus(f, live, "manual", JobStatus.AWAITING_APPROVAL);
            f.engine.request(live.id(), "manual", RunRequest.Kind.SKIP, "ana");
            var r = f.finish(live);
            assertThat(r.job("manual").status()).isEqualTo(JobStatus.SKIPPED);
            assertThat(r.job("after").status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void requestsNameJobsThatExistAndRunsThatAreLive() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            LiveRun live = f.start(CHECKPOINT, RunOptions.defaults());
            awaitStatus(f, live, "extract", JobStatus.AWAITING_APPROVAL);
            assertThatThrownBy(() -> f.engine.request(live.id(), "extrct", RunRequest.Kind.APPROVE, "ana"))
                    .isInstanceOf(RunRefused.class).hasMessageContaining("did you mean 'extract'");
            f.engine.request(live.id(), null, RunRequest.Kind.CANCEL, "ana");
            assertThat(f.finish(live).status()).isEqualTo(RunStatus.CANCELLED);
            assertThatThrownBy(() -> f.engine.request(live.id(), "extract", RunRequest.Kind.APPROVE, "ana"))
                    .isInstanceOf(RunRefused.class).hasMessageContaining("is cancelled, not running");
        }
    }
}
