package baton.hostile;

import baton.engine.Engine;
import baton.engine.Processes;
import baton.model.JobStatus;
import baton.model.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Recovery touches only its own data directory's jobs, and only once they are verified gone does
 * it record them ended (issue: local security, items 2 and 3).
 */
class RecoveryIsolationTest {
    @TempDir Path dir;
    private final List<Process> started = new ArrayList<>();

    /** A pipeline whose one job writes its pid to {@code pidFile} and then runs for minutes. */
    private static String slow(Path pidFile, boolean ignoreTerm) {
        return """
                pipeline: slow
                phases:
                  - id: long
                    run: %s echo $$ > %s; while true; do sleep 0.2; done
                """.formatted(ignoreTerm ? "trap '' TERM;" : "", pidFile);
    }

    /** A run of {@code file} in {@code data}'s service: the service, which runs the jobs, is what the tests kill. */
    private Process baton(Path data, Path file) throws Exception {
        Process service = baton.BatonProcess.service(data);
        started.add(service);
        Process client = new ProcessBuilder(baton.BatonProcess.command("run", file.toString(), "--data-dir", data.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(client);
        return service;
    }

    private static long awaitPid(Path pidFile) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    @Test
    void recoveryInOneDataDirectoryLeavesTheSameRunIdOfAnotherAlone() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a")), b = Files.createDirectories(dir.resolve("b"));
        Process batonA = baton(a.resolve("data"), Files.writeString(a.resolve("p.yaml"), slow(a.resolve("pid"), false)));
        Process batonB = baton(b.resolve("data"), Files.writeString(b.resolve("p.yaml"), slow(b.resolve("pid"), false)));
        try {
            long jobA = awaitPid(a.resolve("pid")), jobB = awaitPid(b.resolve("pid"));
            batonA.destroyForcibly();
            assertThat(batonA.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Processes.isRunning(jobA)).as("a job outlives its killed Baton (its own session)").isTrue();

            try (Engine engineA = Engine.open(a.resolve("data"))) {
                var runA = engineA.runs(1).getFirst();
                try (var peekB = baton.client.ServiceConnector.connectIfRunning(b.resolve("data")).orElseThrow()) {
                    assertThat(peekB.runs(1).getFirst().id()).as("both data directories' first run has the same id").isEqualTo(runA.id());
                }
                assertThat(runA.status()).isEqualTo(RunStatus.INTERRUPTED);
                assertThat(Processes.isRunning(jobA)).as("the orphan of A was ended before A's run was marked interrupted").isFalse();
            }
            assertThat(Processes.isRunning(jobB)).as("B's job, with the same run id, was not touched").isTrue();
            assertThat(batonB.isAlive()).isTrue();
        } finally {
            baton.BatonProcess.stopService(b.resolve("data"));
            batonB.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aJobThatIgnoresTermIsKilledAndSeenGoneBeforeResumeStartsItAgain() throws Exception {
        Path pid = dir.resolve("pid");
        Path file = Files.writeString(dir.resolve("p.yaml"), slow(pid, true));
        Process baton = baton(dir.resolve("data"), file);
        long job = awaitPid(pid);
        baton.destroyForcibly();
        assertThat(baton.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Files.delete(pid);

        long t0 = System.nanoTime();
        try (Engine engine = Engine.open(dir.resolve("data"))) {
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(Processes.isRunning(job)).as("recovery returned only once the TERM-ignoring job was gone (after %d ms)", waitedMs).isFalse();
            var run = engine.runs(1).getFirst();
            assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(engine.jobs(run.id()).getFirst().status()).isEqualTo(JobStatus.CANCELLED);

            var resumed = engine.resume(run.id(), List.of());
            long second = awaitPid(pid);
            assertThat(second).isNotEqualTo(job);
            assertThat(Processes.isRunning(job)).isFalse();
            resumed.cancel();
            assertThat(resumed.done().get(30, TimeUnit.SECONDS)).isEqualTo(RunStatus.CANCELLED);
        }
    }
}
