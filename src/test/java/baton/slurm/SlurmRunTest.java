package baton.slurm;

import baton.engine.EngineFixture;
import baton.engine.LiveRun;
import baton.engine.RunOptions;
import baton.format.PipelineLoader;
import baton.model.AttemptRecord;
import baton.model.JobStatus;
import baton.model.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs through a real Slurm (scripts/slurm-up.sh: one node on loopback), never a stand-in for
 * sbatch: the course example, a fan-out, a timeout, a cancel, retries, and what sbatch refuses.
 */
@Tag("slurm")
@ExtendWith(LocalSlurm.AroundClass.class)
class SlurmRunTest {
    @TempDir Path dir;
    EngineFixture f;

    @BeforeEach
    void open() {
        f = new EngineFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static RunOptions slurm() {
        return EngineFixture.options(Map.of(), Set.of(), Set.of(), false).withExecutor("slurm");
    }

    @Test
    void theCourseExampleRunsThroughSlurmWithItsLogsOutputsAndNodes() throws Exception {
        LiveRun live = f.engine.start(PipelineLoader.load(Path.of("examples/course/course.baton.yaml").toAbsolutePath()),
                EngineFixture.options(Map.of("fail_once", "baskets"), Set.of(), Set.of(), false).withExecutor("slurm"), List.of());
        var r = f.finish(live);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.job("baskets").attempts()).isEqualTo(2); // failed once in Slurm, retried by Baton
        for (AttemptRecord a : r.attempts()) {
            assertThat(a.slurmJobId()).as(a.jobId()).isNotNull();
            assertThat(a.node()).as(a.jobId()).isEqualTo("localhost");
        }
        assertThat(r.job("manifest").outputs()).containsKey("done_at");
        AttemptRecord translate = r.attemptsOf("translate").getFirst();
        assertThat(Files.readString(Path.of(translate.logPath()))).contains("[translate] language=es level=A2 attempt=1", "[translate] finished",
                "submitted to Slurm as job " + translate.slurmJobId());
        assertThat(Files.readString(Path.of(r.attemptsOf("baskets").getFirst().logPath()))).contains("simulated failure on the first attempt");
    }

    @Test
    void aFanOutOfFiftyRunsAsFiftySlurmJobs() throws Exception {
        var r = f.run("""
                pipeline: fan
                concurrency: 50
                executor: slurm
                phases:
                  - id: items
                    run: seq 0 49 | paste -sd, | sed 's/^/list=/' > "$BATON_OUTPUT"
                  - id: each
                    needs: [items]
                    foreach: { output: items.list }
                    run: echo "square=$((BATON_ITEM * BATON_ITEM))" > "$BATON_OUTPUT"
                """, slurm());
        assertThat(r.status()).as(failures(r)).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.jobs()).hasSize(51);
        assertThat(r.job("each[7]").outputs()).containsEntry("square", "49");
        assertThat(r.attempts().stream().map(AttemptRecord::slurmJobId).distinct()).hasSize(51);
    }

    private static String logOf(AttemptRecord a) {
        try {
            return a.logPath() == null ? "" : Files.readString(Path.of(a.logPath()));
        } catch (java.io.IOException e) {
            return ""; // not written yet
        }
    }

    private static String failures(EngineFixture.Result r) {
        return r.jobs().values().stream().filter(j -> j.status() != JobStatus.SUCCEEDED).map(j -> j.id() + ": " + j.status().wire() + " " + j.error())
                .limit(5).toList().toString();
    }

    @Test
    void aTimeoutEndsTheSlurmJob() throws Exception {
        var r = f.run("""
                pipeline: t
                phases:
                  - id: slow
                    timeout: 1s
                    run: sleep 60
                """, slurm());
        assertThat(r.job("slow").status()).isEqualTo(JobStatus.TIMED_OUT);
        String id = r.attemptsOf("slow").getFirst().slurmJobId();
        assertThat(LocalSlurm.state(id)).isIn("CANCELLED", "FAILED"); // ended by the scancel either way
        assertThat(Files.readString(Path.of(r.attemptsOf("slow").getFirst().logPath()))).contains("timed out after 1.0s: scancel " + id);
    }

    @Test
    void aCancelEndsTheSlurmJob() throws Exception {
        LiveRun live = f.start("""
                pipeline: c
                phases:
                  - id: slow
                    run: sleep 60
                """, slurm());
        await().atMost(Duration.ofSeconds(90)).until(() -> f.engine.attempts(live.id()).stream().anyMatch(a -> a.node() != null)); // a restarted controller may take a while to start jobs on a loaded machine
        live.cancel();
        var r = f.finish(live);
        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.job("slow").status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(LocalSlurm.state(r.attemptsOf("slow").getFirst().slurmJobId())).isIn("CANCELLED", "FAILED");
    }

    @Test
    void theLogOfARunningSlurmJobGrowsWhileItRuns() throws Exception {
        LiveRun live = f.start("""
                pipeline: live
                phases:
                  - id: talk
                    run: echo "first line"; echo "to stderr" >&2; sleep 8; echo "last line"
                """, slurm());
        await().atMost(Duration.ofSeconds(30)).until(() -> f.engine.attempts(live.id()).stream()
                .anyMatch(a -> a.endedAt() == null && logOf(a).contains("first line")));
        AttemptRecord running = f.engine.attempts(live.id()).getFirst();
        assertThat(running.endedAt()).isNull();
        assertThat(Files.readString(Path.of(running.logPath()))).contains("to stderr").doesNotContain("last line");
        var r = f.finish(live);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.readString(Path.of(r.attemptsOf("talk").getFirst().logPath()))).contains("first line", "last line");
    }

    @Test
    void aFailingJobIsRetriedEachAttemptASlurmJobOfItsOwn() throws Exception {
        var r = f.run("""
                pipeline: f
                phases:
                  - id: bad
                    retries: 2
                    run: echo "try $BATON_ATTEMPT" >&2; exit 3
                """, slurm());
        assertThat(r.job("bad").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("bad").exitCode()).isEqualTo(3);
        assertThat(r.attemptsOf("bad")).hasSize(3).extracting(AttemptRecord::slurmJobId).doesNotHaveDuplicates();
        assertThat(Files.readString(Path.of(r.attemptsOf("bad").get(2).logPath()))).contains("try 3");
    }

    @Test
    void aPartitionTheClusterDoesNotHaveFailsTheJobWithSbatchsReason() throws Exception {
        var r = f.run("""
                pipeline: p
                phases:
                  - id: gpu
                    slurm: { partition: nosuch, cpus: 1 }
                    run: "true"
                """, slurm());
        assertThat(r.job("gpu").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("gpu").error()).contains("sbatch refused the job").contains("Invalid partition").contains("sinfo");
    }
}
