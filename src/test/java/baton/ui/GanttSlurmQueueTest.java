package baton.ui;

import baton.engine.EngineFixture;
import baton.engine.LiveRun;
import baton.engine.RunEvent;
import baton.engine.RunListener;
import baton.model.AttemptRecord;
import baton.model.JobStatus;
import baton.model.RunStatus;
import baton.model.StateChange;
import baton.slurm.LocalSlurm;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.Segment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through a real Slurm (one node of 64 CPUs): two jobs of 40 CPUs each are submitted together, so
 * one waits in the cluster's queue while the other runs. The engine says when each left the queue,
 * and the timeline draws that wait as queued, live and as stored, not as a run.
 */
@Tag("slurm")
class GanttSlurmQueueTest {
    private static LocalSlurm slurm;
    @TempDir Path dir;

    @BeforeAll
    static void up() throws Exception {
        slurm = LocalSlurm.up();
    }

    @AfterAll
    static void down() throws Exception {
        if (slurm != null) slurm.down();
    }

    @Test
    void aJobWaitingInTheClustersQueueIsDrawnQueuedUntilItRuns() throws Exception {
        List<RunEvent> heard = new CopyOnWriteArrayList<>();
        try (EngineFixture f = new EngineFixture(dir)) {
            RunListener all = heard::addAll;
            LiveRun live = f.engine.start(f.load("""
                    pipeline: big
                    concurrency: 2
                    executor: slurm
                    phases:
                      - id: one
                        slurm: { cpus: 40 }
                        run: sleep 3
                      - id: two
                        slurm: { cpus: 40 }
                        run: sleep 3
                    """), EngineFixture.options(Map.of(), Set.of(), Set.of(), false).withExecutor("slurm"), List.of(all));
            assertThat(live.done().get(3, TimeUnit.MINUTES)).isEqualTo(RunStatus.SUCCEEDED);

            List<AttemptRecord> attempts = f.engine.attempts(live.id());
            List<RunEvent.AttemptPlaced> placed = heard.stream().filter(RunEvent.AttemptPlaced.class::isInstance)
                    .map(RunEvent.AttemptPlaced.class::cast).toList();
            assertThat(placed).extracting(RunEvent.AttemptPlaced::jobId).containsExactlyInAnyOrder("one", "two");
            for (RunEvent.AttemptPlaced p : placed) {
                AttemptRecord stored = attempts.stream().filter(a -> a.jobId().equals(p.jobId())).findFirst().orElseThrow();
                assertThat(p.node()).isEqualTo("localhost");
                assertThat(p.at()).as("the event tells the start that is stored").isEqualTo(stored.startedAt());
            }
            // the one that waited: its submission (its move to running) is seconds before it left the queue
            List<StateChange> changes = f.engine.stateChanges(live.id(), 0);
            String waited = placed.stream().max(java.util.Comparator.comparing(p -> p.at().toEpochMilli() - submitted(changes, p.jobId())))
                    .orElseThrow().jobId();
            RunEvent.AttemptPlaced late = placed.stream().filter(p -> p.jobId().equals(waited)).findFirst().orElseThrow();
            long submittedAt = submitted(changes, waited);
            assertThat(late.at().toEpochMilli() - submittedAt).as("%s waited in the queue", waited).isGreaterThan(1500);

            // as stored: the window reads the run and draws the wait as queued, then the run
            GanttModel stored = RunSnapshot.read(new LocalEngineCalls(f.engine), live.id(), false, false).gantt();
            assertThat(stored.row(waited).segments()).extracting(Segment::status).containsExactly(JobStatus.QUEUED, JobStatus.QUEUED, JobStatus.SUCCEEDED);
            Segment queue = stored.row(waited).segments().get(1), run = stored.row(waited).segments().get(2);
            assertThat(queue.attempt()).isEqualTo(1);
            assertThat(queue.start()).isEqualTo(submittedAt);
            assertThat(queue.end()).isEqualTo(run.start()).isEqualTo(late.at().toEpochMilli());

            // live: the moves as they were heard, then the event, draw the same
            GanttModel heardLive = new GanttModel();
            heardLive.addRow(waited, waited, waited);
            for (RunEvent e : heard) {
                if (e instanceof RunEvent.JobMoved m && m.jobId().equals(waited)) heardLive.moved(waited, m.to(), m.attempt(), m.at().toEpochMilli());
                if (e instanceof RunEvent.AttemptPlaced p && p.jobId().equals(waited)) heardLive.leftQueue(waited, p.attempt(), p.at().toEpochMilli());
            }
            assertThat(heardLive.row(waited).segments()).extracting(Segment::status).containsExactly(JobStatus.QUEUED, JobStatus.QUEUED, JobStatus.SUCCEEDED);
            assertThat(heardLive.row(waited).segments().get(2).start()).isEqualTo(late.at().toEpochMilli());
        }
    }

    /** When the job moved to running: its submission to the cluster. */
    private static long submitted(List<StateChange> changes, String jobId) {
        return changes.stream().filter(c -> jobId.equals(c.jobId()) && c.to().equals(JobStatus.RUNNING.wire()))
                .findFirst().orElseThrow().at().toEpochMilli();
    }
}
