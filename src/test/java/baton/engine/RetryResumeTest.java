package baton.engine;

import baton.model.AttemptRecord;
import baton.model.JobStatus;
import baton.model.RunStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RetryResumeTest extends EngineTestBase {

    private String pipeline() {
        return """
                pipeline: fix
                phases:
                  - id: a
                    run: echo a >> %1$s/ran
                  - id: b
                    needs: [a]
                    run: echo b >> %1$s/ran; [ -e %1$s/fixed ]
                  - id: c
                    needs: [b]
                    run: echo c >> %1$s/ran
                  - id: d
                    run: echo d >> %1$s/ran
                """.formatted(dir);
    }

    private List<String> ran() throws Exception {
        return Files.readAllLines(dir.resolve("ran")).stream().sorted().toList();
    }

    @Test
    void retryRunsTheFailedJobAndWhatItBlockedInTheSameRun() throws Exception {
        var first = f.run(pipeline());
        assertThat(first.status()).isEqualTo(RunStatus.FAILED);
        assertThat(first.job("c").status()).isEqualTo(JobStatus.BLOCKED);
        assertThat(f.engine.retryPlan(first.id(), List.of())).containsExactly("b", "c");
        Files.createFile(dir.resolve("fixed"));
        // the file changes on disk: the retry keeps the definition the run started with
        Files.writeString(dir.resolve("pipeline.yaml"), "pipeline: other\nphases:\n  - id: zz\n    run: exit 9\n");
        LiveRun again = f.engine.retry(first.id(), List.of(), List.of());
        var r = f.finish(again);
        assertThat(r.id()).isEqualTo(first.id());
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.job("b").attempts()).isEqualTo(2);
        assertThat(r.attemptsOf("b")).extracting(AttemptRecord::status).containsExactly(JobStatus.FAILED, JobStatus.SUCCEEDED);
        assertThat(r.job("c").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(ran()).containsExactly("a", "b", "b", "c", "d"); // a and d did not run again
        assertThat(r.movesOf("c")).containsSubsequence("blocked", "pending", "queued", "running", "succeeded");
    }

    @Test
    void retryingANamedJobRedoesItAndEverythingDownstream() throws Exception {
        Files.createFile(dir.resolve("fixed"));
        var first = f.run(pipeline());
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(f.engine.retryPlan(first.id(), List.of("a"))).containsExactly("a", "b", "c");
        var r = f.finish(f.engine.retry(first.id(), List.of("a"), List.of()));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.job("a").attempts()).isEqualTo(2);
        assertThat(r.job("d").attempts()).isEqualTo(1);
        assertThatThrownBy(() -> f.engine.retry(first.id(), List.of("nope"), List.of())).isInstanceOf(RunRefused.class).hasMessageContaining("no job 'nope'");
        assertThatThrownBy(() -> f.engine.retry(first.id(), List.of(), List.of())).isInstanceOf(RunRefused.class).hasMessageContaining("nothing to retry");
    }

    /** Baton is killed with SIGKILL while a job runs; the next Baton finds the run, and resume finishes it. */
    @Test
    void afterAKillResumeFinishesTheRunWithoutRedoingWhatSucceeded() throws Exception {
        Path data = dir.resolve("data");
        Path file = Files.writeString(dir.resolve("p.yaml"), """
                pipeline: crash
                phases:
                  - id: first
                    run: echo first >> %1$s/ran
                  - id: slow
                    needs: [first]
                    run: echo slow >> %1$s/ran; echo $$ > %1$s/slow.pid; [ -e %1$s/go ] || sleep 60
                  - id: last
                    needs: [slow]
                    run: echo last >> %1$s/ran
                """.formatted(dir));
        f.close();
        List<String> cmd = baton.BatonProcess.command("run", file.toString(), "--data-dir", data.toString());
        Process service = baton.BatonProcess.service(data); // it runs the jobs: it is what is killed
        Process client = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("slow.pid")) && !Files.readString(dir.resolve("slow.pid")).isBlank());
        long jobPid = Long.parseLong(Files.readString(dir.resolve("slow.pid")).strip());
        service.destroyForcibly(); // SIGKILL: no chance to clean up
        assertThat(service.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).as("the client ends when its service is gone").isTrue();
        Files.createFile(dir.resolve("go"));
        try (Engine e = Engine.open(data)) {
            var run = e.runs(1).getFirst();
            assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED);
            await().atMost(Duration.ofSeconds(10)).until(() -> !Processes.isRunning(jobPid)); // the orphan was ended
            assertThat(e.jobs(run.id()).stream().filter(j -> j.id().equals("slow")).findFirst().orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
            RunStatus end = e.resume(run.id(), List.of()).await();
            assertThat(end).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(e.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
            var slow = e.jobs(run.id()).stream().filter(j -> j.id().equals("slow")).findFirst().orElseThrow();
            assertThat(slow.attempts()).isEqualTo(2); // attempt numbers go on counting
        }
        assertThat(Files.readAllLines(dir.resolve("ran"), StandardCharsets.UTF_8)).containsExactly("first", "slow", "slow", "last");
    }

    @Test
    void aRunWhoseOwnerIsAliveIsNeverTouched() throws Exception {
        LiveRun live = f.start("pipeline: alive\nphases:\n  - id: w\n    run: sleep 2\n", RunOptions.defaults());
        try (Engine other = Engine.open(f.engine.dataDir())) {
            assertThat(other.recoverOrphans()).isEmpty();
            assertThat(other.run(live.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            assertThatThrownBy(() -> other.resume(live.id(), List.of())).isInstanceOf(RunRefused.class).hasMessageContaining("alive");
        }
        assertThat(f.finish(live).status()).isEqualTo(RunStatus.SUCCEEDED);
    }
}
