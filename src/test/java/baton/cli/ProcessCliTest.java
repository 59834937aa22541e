package baton.cli;

import baton.engine.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Baton as separate processes: signals, exit codes, and two processes on one data directory. */
class ProcessCliTest {
    @TempDir Path dir;

    private ProcessBuilder baton(String... args) {
        ProcessBuilder pb = new ProcessBuilder(baton.BatonProcess.command(args));
        pb.environment().put("BATON_HOME", dir.resolve("data").toString());
        return pb;
    }

    @Test
    void sigintCancelsTheRunEndsItsProcessesAndExitsThree() throws Exception {
        Path pidFile = dir.resolve("job.pid");
        Path file = Files.writeString(dir.resolve("p.yaml"), """
                pipeline: sig
                phases:
                  - id: long
                    run: echo $$ > %s; sh -c 'trap "" TERM; sleep 60' & sleep 60
                  - id: after
                    needs: [long]
                    run: "true"
                """.formatted(pidFile));
        Process p = baton("run", file.toString(), "--json").redirectError(dir.resolve("err").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long jobPid = Long.parseLong(Files.readString(pidFile).strip());
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out + Files.readString(dir.resolve("err"))).isEqualTo(3);
        assertThat(out).contains("\"status\" : \"cancelled\"");
        assertThat(Processes.isRunning(jobPid)).isFalse();
        // no process of the job's group outlives it (zombies waiting for init to reap them are ended)
        Process ps = new ProcessBuilder("ps", "-e", "-o", "pgid=,stat=,pid=").start();
        List<String> alive = new String(ps.getInputStream().readAllBytes()).lines().map(String::strip)
                .filter(l -> l.split("\\s+")[0].equals(Long.toString(jobPid)) && !l.split("\\s+")[1].startsWith("Z")).toList();
        assertThat(alive).isEmpty();
    }

    @Test
    void aSecondProcessReadsTheDataDirectoryWhileARunIsLive() throws Exception {
        Path started = dir.resolve("started");
        Path release = dir.resolve("release");
        Path file = Files.writeString(dir.resolve("p.yaml"), """
                pipeline: shared
                phases:
                  - id: wait
                    run: touch %s; while [ ! -e %s ]; do sleep 0.05; done
                """.formatted(started, release));
        Process runner = baton("run", file.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(started));
        Process runs = baton("runs").redirectErrorStream(true).start();
        String listing = new String(runs.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(runs.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(runs.exitValue()).as(listing).isZero();
        assertThat(listing).contains("shared").contains("running");
        Files.createFile(release);
        assertThat(runner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.exitValue()).as(Files.readString(dir.resolve("out"))).isZero();
        Process show = baton("show", "last").redirectErrorStream(true).start();
        assertThat(new String(show.getInputStream().readAllBytes())).contains("SUCCEEDED");
        assertThat(show.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }


    @Test
    void aSecondWindowOnTheSameDataDirectoryHandsItsFileToTheFirst() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("DISPLAY") != null, "needs a display (tests run under xvfb-run)");
        Path a = Files.writeString(dir.resolve("a.yaml"), "pipeline: a\nphases:\n  - id: x\n    run: \"true\"\n");
        Path b = Files.writeString(dir.resolve("b.yaml"), "pipeline: b\nphases:\n  - id: y\n    run: \"true\"\n");
        Process first = baton(a.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("first.out").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("data").resolve("window.lock")));
            Process second = baton(b.toString()).redirectErrorStream(true).start();
            String said = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(said).isZero();
            assertThat(said).contains("handed " + b);
            assertThat(first.isAlive()).isTrue();
        } finally {
            first.destroy();
            first.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
