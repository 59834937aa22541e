package baton.slurm;

import baton.engine.EngineFixture;
import baton.engine.LiveRun;
import baton.engine.RunOptions;
import baton.model.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * slurmctld down at the start of a run, or gone in the middle of one: Baton waits for it as long
 * as its patience (BATON_SLURM_PATIENCE; 3 s here), then fails the job with a message that says
 * what happened and what to do. The controller is really stopped, and brought back after.
 */
@Tag("slurm")
@ExtendWith(LocalSlurm.AroundClass.class)
class SlurmOutageTest {
    @TempDir Path dir;
    EngineFixture f;

    @BeforeAll
    static void up() {
        System.setProperty("baton.slurm.patience", "3s");
    }

    @AfterAll
    static void down() {
        System.clearProperty("baton.slurm.patience");
    }

    @BeforeEach
    void open() {
        f = new EngineFixture(dir);
    }

    @AfterEach
    void close() throws Exception {
        f.close();
        LocalSlurm.up(); // the controller comes back for the next test
    }

    private static RunOptions slurm() {
        return EngineFixture.options(Map.of(), Set.of(), Set.of(), false).withExecutor("slurm");
    }

    @Test
    void aControllerDownAtTheStartFailsTheJobSayingSo() throws Exception {
        LocalSlurm.stopController();
        var r = f.run("""
                pipeline: down
                phases:
                  - id: a
                    run: "true"
                """, slurm());
        assertThat(r.job("a").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("a").error()).contains("cannot reach slurmctld").contains("is slurmctld running");
    }

    @Test
    void aControllerGoneMidRunFailsTheJobOnceThePatienceRunsOut() throws Exception {
        LiveRun live = f.start("""
                pipeline: gone
                phases:
                  - id: a
                    run: sleep 20
                """, slurm());
        await().atMost(Duration.ofSeconds(90)).until(() -> f.engine.attempts(live.id()).stream().anyMatch(a -> a.node() != null)); // a restarted controller may take a while to start jobs on a loaded machine
        String id = f.engine.attempts(live.id()).getFirst().slurmJobId();
        LocalSlurm.stopController();
        var r = f.finish(live);
        assertThat(r.job("a").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("a").error()).contains("lost contact with slurmctld for over 3s").contains("Slurm job " + id + " may still run");
        LocalSlurm.up();
        LocalSlurm.run(java.util.List.of("scancel", id));
    }

    @Test
    void aJobSlurmLostFailsSayingSo() throws Exception {
        LiveRun live = f.start("""
                pipeline: lost
                phases:
                  - id: a
                    run: sleep 30
                """, slurm());
        // after the test before restarted slurmctld, the node is sometimes still 'not responding'
        // in a full suite: tell the controller it is back, as an admin would
        LocalSlurm.run(java.util.List.of("scontrol", "update", "nodename=localhost", "state=resume"));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> f.engine.attempts(live.id()).stream().anyMatch(a -> a.node() != null));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the job did not reach the node in 90 s; sinfo: " + LocalSlurm.run(java.util.List.of("sinfo", "-N", "-l"))
                    + " squeue: " + LocalSlurm.run(java.util.List.of("squeue", "-l")) + " jobs: " + f.engine.jobs(live.id())
                    + " attempts: " + f.engine.attempts(live.id()), e);
        }
        String id = f.engine.attempts(live.id()).getFirst().slurmJobId();
        // the controller restarts without its saved state: it no longer knows the job, and no exit status was written
        LocalSlurm.stopController();
        LocalSlurm.run(java.util.List.of("sh", "-c", "rm -rf \"${BATON_SLURM_DIR:-/tmp/baton-slurm}\"/state/*"));
        LocalSlurm.up();
        var r = f.finish(live);
        assertThat(r.job("a").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("a").error()).contains("Slurm lost job " + id).contains("no exit status");
    }
}
