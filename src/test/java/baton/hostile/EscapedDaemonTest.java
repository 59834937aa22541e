package baton.hostile;

import baton.engine.EngineFixture;
import baton.engine.Processes;
import baton.model.JobStatus;
import baton.model.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A daemon that double-forks into a session of its own (out of the job's process group) ends
 * with its job: at a normal end, a cancel and a timeout (issue: local security, item 4).
 */
class EscapedDaemonTest {
    @TempDir Path dir;

    /** Starts a daemon that leaves the job's group and session and keeps the job's output pipe open, then does {@code rest}. */
    private String pipeline(String rest, String extra) {
        return """
                pipeline: daemons
                phases:
                  - id: job
                    %s
                    run: (setsid sh -c 'echo $$ > %s; exec sleep 300' &); %s
                """.formatted(extra, dir.resolve("daemon.pid"), rest);
    }

    private long daemonPid() throws Exception {
        Path f = dir.resolve("daemon.pid");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(f) && !Files.readString(f).isBlank());
        return Long.parseLong(Files.readString(f).strip());
    }

    @Test
    void aDaemonLeftByAJobThatEndedIsEndedWithItAndTheJobDoesNotWaitForIt() throws Exception {
        Path alive = dir.resolve("alive-while-job-ran");
        try (EngineFixture f = new EngineFixture(dir)) {
            var r = f.run(pipeline("sleep 1; kill -0 $(cat " + dir.resolve("daemon.pid") + ") && touch " + alive, ""));
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(alive).as("the daemon is left alone while its job runs").exists();
            long daemon = daemonPid();
            await().atMost(Duration.ofSeconds(10)).until(() -> !Processes.isRunning(daemon));
        }
    }

    @Test
    void aDaemonOfACancelledJobIsEnded() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            var live = f.start(pipeline("sleep 300", ""), baton.engine.RunOptions.defaults());
            long daemon = daemonPid();
            live.cancel();
            assertThat(live.done().get(30, TimeUnit.SECONDS)).isEqualTo(RunStatus.CANCELLED);
            await().atMost(Duration.ofSeconds(10)).until(() -> !Processes.isRunning(daemon));
        }
    }

    @Test
    void aDaemonOfAJobThatTimedOutIsEnded() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            var r = f.run(pipeline("sleep 300", "timeout: 1s"));
            assertThat(r.job("job").status()).isEqualTo(JobStatus.TIMED_OUT);
            long daemon = daemonPid();
            await().atMost(Duration.ofSeconds(10)).until(() -> !Processes.isRunning(daemon));
        }
    }
}
