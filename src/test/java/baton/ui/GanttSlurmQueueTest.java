package baton.ui;

import baton.engine.LiveRun;
import baton.engine.RunEvent;
import baton.engine.RunListener;
import baton.engine.RunOptions;
import baton.format.LoadedPipeline;
import baton.model.AttemptRecord;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunStatus;
import baton.model.StateChange;
import baton.slurm.LocalSlurm;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.GanttRow;
import baton.ui.gantt.Segment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Through a real Slurm (one node of 64 CPUs): two jobs of 40 CPUs each are submitted together, so
 * one waits in the cluster's queue while the other runs. The engine says when each was submitted
 * and when it left the queue, and the timeline draws that wait as the queue's, not as a run: live,
 * while it waits, and when it reads the run afterwards.
 */
@Tag("slurm")
@ExtendWith(LocalSlurm.AroundClass.class)
class GanttSlurmQueueTest extends WindowState {

    private LoadedPipeline twoBigJobs() throws Exception {
        return pipeline("big.baton.yaml", """
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
                """);
    }

    private static RunOptions onSlurm() {
        return RunOptions.defaults().withExecutor("slurm");
    }

    @Test
    void theEngineTellsWhenABatchJobIsSubmittedAndWhenItLeavesTheQueueAndTheStoredRunIsDrawnSo() throws Exception {
        List<RunEvent> heard = new CopyOnWriteArrayList<>();
        RunListener all = heard::addAll;
        LiveRun live = engine.start(twoBigJobs(), onSlurm(), List.of(all));
        assertThat(live.done().get(3, TimeUnit.MINUTES)).isEqualTo(RunStatus.SUCCEEDED);

        List<AttemptRecord> attempts = engine.attempts(live.id());
        assertThat(heard.stream().filter(RunEvent.AttemptSubmitted.class::isInstance).map(e -> ((RunEvent.AttemptSubmitted) e).jobId()))
                .containsExactlyInAnyOrder("one", "two");
        List<RunEvent.AttemptPlaced> placed = heard.stream().filter(RunEvent.AttemptPlaced.class::isInstance)
                .map(RunEvent.AttemptPlaced.class::cast).toList();
        assertThat(placed).extracting(RunEvent.AttemptPlaced::jobId).containsExactlyInAnyOrder("one", "two");
        for (RunEvent.AttemptPlaced p : placed) {
            AttemptRecord stored = attempts.stream().filter(a -> a.jobId().equals(p.jobId())).findFirst().orElseThrow();
            assertThat(p.node()).isEqualTo("localhost");
            assertThat(p.at()).as("the event tells the start that is stored").isEqualTo(stored.startedAt());
        }
        String waited = waitedLongest(live.id());
        long submittedAt = submitted(live.id(), waited), ranFrom = startOf(live.id(), waited);

        // as stored: Baton's own queue (a moment), the cluster's queue, then the run
        GanttModel stored = RunSnapshot.read(new LocalEngineCalls(engine), live.id(), false, false).gantt();
        GanttRow row = stored.row(waited);
        assertThat(row.segments()).extracting(Segment::status).containsExactly(JobStatus.QUEUED, JobStatus.QUEUED, JobStatus.SUCCEEDED);
        Segment queue = row.segments().get(1), run = row.segments().get(2);
        assertThat(queue).isEqualTo(new Segment(JobStatus.QUEUED, 1, submittedAt, ranFrom));
        assertThat(run.start()).isEqualTo(ranFrom);
        assertThat(row.inClusterQueue(queue)).isTrue();
        assertThat(row.inClusterQueue(row.segments().getFirst())).as("Baton's own queue").isFalse();
    }

    @Test
    void theWindowDrawsAJobWaitingInTheClustersQueueAsQueuedWhileItWaitsAndAsRunningOnceItRuns() throws Exception {
        viewModel(Runnable::run, Runnable::run);
        vm.start(twoBigJobs(), onSlurm());
        // while one job waits in Slurm's queue behind the other, which runs, the live timeline draws the one waiting there
        AtomicReference<String> seenWaiting = new AtomicReference<>();
        framesUntil(() -> {
            GanttRow one = vm.gantt().row("one"), two = vm.gantt().row("two");
            if (one == null || two == null) return false;
            if (waitsInQueue(one) && runs(two)) seenWaiting.set("one");
            if (waitsInQueue(two) && runs(one)) seenWaiting.set("two");
            return seenWaiting.get() != null;
        });
        String job = seenWaiting.get();
        assertThat(vm.gantt().row(job).status()).as("to the engine it is running: it holds a slot").isEqualTo(JobStatus.RUNNING);
        // its panel, opened while it waits, names its Slurm job and no node; once it runs, the node, without another click
        vm.selectedJob().jobProperty().set(job);
        framesUntil(() -> vm.selectedJob().shownAttemptProperty().get() != null && vm.selectedJob().shownAttemptProperty().get().slurmJobId() != null);
        // once it leaves the queue, its wait stays drawn as the queue's and its run goes on from there;
        // while it runs, its panel names the node it runs on
        framesUntil(() -> {
            List<Segment> s = vm.gantt().row(job).segments();
            return s.size() >= 2 && s.getLast().open() && s.getLast().status() == JobStatus.RUNNING
                    && vm.gantt().row(job).inClusterQueue(s.get(s.size() - 2))
                    && "localhost".equals(vm.selectedJob().shownAttemptProperty().get().node());
        });
        RunId id = vm.shownRunProperty().get().id();
        await().atMost(Duration.ofMinutes(2)).until(() -> engine.run(id).orElseThrow().status() == RunStatus.SUCCEEDED);
        assertThat(startOf(id, job) - submitted(id, job)).as("%s did wait in the cluster's queue", job).isGreaterThan(1500);
    }

    private static boolean waitsInQueue(GanttRow r) {
        return !r.segments().isEmpty() && r.segments().getLast().open() && r.inClusterQueue(r.segments().getLast());
    }

    private static boolean runs(GanttRow r) {
        return !r.segments().isEmpty() && r.segments().getLast().open() && r.segments().getLast().status() == JobStatus.RUNNING;
    }

    /** Of the run's jobs, the one that waited longest from its submission to its start. */
    private String waitedLongest(RunId run) {
        return List.of("one", "two").stream().max(Comparator.comparingLong(j -> startOf(run, j) - submitted(run, j))).orElseThrow();
    }

    /** When the job moved to running: its submission to the cluster. */
    private long submitted(RunId run, String jobId) {
        List<StateChange> changes = engine.stateChanges(run, 0);
        return changes.stream().filter(c -> jobId.equals(c.jobId()) && c.to().equals(JobStatus.RUNNING.wire()))
                .findFirst().orElseThrow().at().toEpochMilli();
    }

    /** When the job left the cluster's queue, as stored (its attempt's start). */
    private long startOf(RunId run, String jobId) {
        return engine.attempts(run).stream().filter(a -> a.jobId().equals(jobId)).findFirst().orElseThrow().startedAt().toEpochMilli();
    }
}
