package baton.slurm;

import baton.engine.EngineFixture;
import baton.engine.LiveRun;
import baton.model.AttemptRecord;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunStatus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the Baton that drives a Slurm run: the next Baton finds the run's Slurm jobs by their
 * stored ids and follows them to their end (adopts them); a resume never submits again what Slurm
 * ran, whether it still runs or ended while no Baton was there.
 */
@Tag("slurm")
@ExtendWith(LocalSlurm.AroundClass.class)
class SlurmCrashTest {
    @TempDir Path dir;

    /** Starts the pipeline in a Baton process of its own, waits until job 'a' runs in Slurm, and kills that process with SIGKILL. */
    private RunId startAndKill(Path data) throws Exception {
        return startAndKill(data, 3);
    }

    private RunId startAndKill(Path data, int seconds) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                pipeline: crash
                phases:
                  - id: a
                    run: echo "a runs" ; touch "$BATON_RUN_DIR/a.started"; if [ "$BATON_ATTEMPT" = 1 ]; then sleep %d; fi; echo "made=yes" > "$BATON_OUTPUT"; echo "a ends"
                  - id: b
                    needs: [a]
                    run: echo "b sees $(cat "$BATON_UPSTREAM")"
                """.formatted(seconds));
        Path idFile = dir.resolve("run.id");
        Process baton = new ProcessBuilder(EngineProcess.command(file, data, idFile)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("baton.out").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(idFile) && Files.exists(data.resolve("runs")
                .resolve(Files.readString(idFile).strip()).resolve("a.started")));
        baton.destroyForcibly(); // SIGKILL
        assertThat(baton.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new RunId(Files.readString(idFile).strip());
    }

    @Test
    void aSlurmJobStillRunningAfterKillNineIsAdoptedAndFollowedNotRunAgain() throws Exception {
        Path data = dir.resolve("data");
        RunId id = startAndKill(data);
        try (EngineFixture f = new EngineFixture(dir)) {
            // the fixture opened the same data directory: recovery ran, the run is interrupted, job a is left running in Slurm
            assertThat(f.engine.run(id).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
            AttemptRecord first = f.engine.attempts(id).getFirst();
            assertThat(first.slurmJobId()).isNotNull();
            assertThat(LocalSlurm.state(first.slurmJobId())).isIn("RUNNING", "COMPLETING", "COMPLETED");
            LiveRun resumed = f.engine.resume(id, List.of());
            var r = f.finish(resumed);
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.attemptsOf("a")).hasSize(1).first().extracting(AttemptRecord::slurmJobId).isEqualTo(first.slurmJobId());
            assertThat(r.job("a").outputs()).containsEntry("made", "yes");
            assertThat(Files.readString(Path.of(r.attemptsOf("a").getFirst().logPath()))).contains("following Slurm job " + first.slurmJobId(), "a ends");
            assertThat(r.job("b").status()).isEqualTo(JobStatus.SUCCEEDED);
        }
    }

    @Test
    void withOrphansCancelledTheNextBatonEndsTheSlurmJobAndResumeRunsItAgain() throws Exception {
        Path data = dir.resolve("data");
        RunId id = startAndKill(data, 30);
        System.setProperty("baton.slurm.orphans", "cancel");
        try (EngineFixture f = new EngineFixture(dir)) {
            AttemptRecord first = f.engine.attempts(id).getFirst();
            // ended: Slurm says CANCELLED, or FAILED when the script died of the SIGTERM before the controller noted the cancel
            assertThat(LocalSlurm.state(first.slurmJobId())).isIn("CANCELLED", "FAILED");
            assertThat(f.engine.jobs(id).getFirst().status()).isEqualTo(JobStatus.CANCELLED);
            var r = f.finish(f.engine.resume(id, List.of()));
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.attemptsOf("a")).hasSize(2).extracting(AttemptRecord::slurmJobId).doesNotHaveDuplicates();
        } finally {
            System.clearProperty("baton.slurm.orphans");
        }
    }

    @Test
    void aSlurmJobThatSucceededWhileNoBatonRanIsNotSubmittedAgainOnResume() throws Exception {
        Path data = dir.resolve("data");
        RunId id = startAndKill(data);
        String slurmId;
        try (EngineFixture f = new EngineFixture(dir)) {
            slurmId = f.engine.attempts(id).getFirst().slurmJobId();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> LocalSlurm.state(slurmId).equals("COMPLETED"));
        try (EngineFixture f = new EngineFixture(dir)) {
            var r = f.finish(f.engine.resume(id, List.of()));
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.attemptsOf("a")).hasSize(1);
            assertThat(r.job("a").outputs()).containsEntry("made", "yes");
        }
    }
}
