package baton.ui;

import baton.engine.RunOptions;
import baton.format.LoadedPipeline;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.model.RunStatus;
import baton.ui.gantt.Segment;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Showing a run loses no event and applies none twice, whenever the events come. */
class TimelineViewModelTest extends WindowState {
    private final ByHand background = new ByHand();
    private final ByHand fx = new ByHand();

    private void settle() {
        for (int i = 0; i < 10; i++) {
            background.runAll();
            fx.runAll();
        }
    }

    private Path go;

    /** A run of two jobs whose first waits for a file: it is live until the test lets it go on. */
    private LoadedPipeline waiting() throws Exception {
        go = dir.resolve("go");
        return pipeline("wait.yaml", """
                pipeline: wait
                phases:
                  - id: first
                    run: while [ ! -f '%s' ]; do sleep 0.05; done
                  - id: second
                    needs: [first]
                    run: "true"
                """.formatted(go));
    }

    /** Starts the run from the window, then shows something else, as when the person opens another file. */
    private RunRecord startedAndLookedAway(LoadedPipeline p) {
        viewModel(background, fx);
        vm.start(p, RunOptions.defaults());
        settle();
        RunId id = vm.shownRunProperty().get().id();
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.jobs(id).stream()
                .anyMatch(j -> j.id().equals("first") && j.status() == JobStatus.RUNNING));
        vm.timeline().showPlan(p);
        vm.drainEvents();
        return engine.run(id).orElseThrow();
    }

    private void letItEnd(RunId id) throws Exception {
        Files.createFile(go);
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.run(id).orElseThrow().status() == RunStatus.SUCCEEDED);
    }

    @Test
    void eventsPublishedAfterTheReadAndBeforeItIsShownAreNotLost() throws Exception {
        RunRecord run = startedAndLookedAway(waiting());
        vm.timeline().openRun(run);
        background.runAll(); // the store is read: 'first' is running
        letItEnd(run.id());  // meanwhile the run goes on and ends; its events wait in the queue
        vm.drainEvents();    // a frame comes before the read is shown
        fx.runAll();         // the read is shown, with what came since on top of it
        settle();

        assertThat(vm.gantt().row("first").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(vm.gantt().row("second").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(vm.gantt().row("first").segments()).extracting(Segment::status).containsExactly(JobStatus.QUEUED, JobStatus.SUCCEEDED);
        assertThat(vm.gantt().live()).isFalse();
        assertThat(vm.timeline().shownRunLiveProperty().get()).isFalse();
        assertThat(vm.shownRunProperty().get().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(vm.timeline().countsProperty().get()).containsEntry(JobStatus.SUCCEEDED, 2).hasSize(1);
    }

    @Test
    void eventsTheReadAlreadyHasAreNotAppliedAgain() throws Exception {
        RunRecord run = startedAndLookedAway(waiting());
        vm.timeline().openRun(run);
        letItEnd(run.id()); // the run ends before the store is read: the events it published are in what is read too
        vm.drainEvents();
        settle();

        assertThat(vm.gantt().row("first").segments()).extracting(Segment::status).containsExactly(JobStatus.QUEUED, JobStatus.SUCCEEDED);
        assertThat(vm.gantt().row("second").segments()).extracting(Segment::status).containsExactly(JobStatus.QUEUED, JobStatus.SUCCEEDED);
        assertThat(vm.gantt().row("first").attempt()).isEqualTo(1);
        assertThat(vm.shownRunProperty().get().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aLiveRunShownGoesOnWithItsEvents() throws Exception {
        RunRecord run = startedAndLookedAway(waiting());
        vm.timeline().openRun(run);
        settle();
        assertThat(vm.timeline().shownRunLiveProperty().get()).isTrue();
        assertThat(vm.gantt().row("first").status()).isEqualTo(JobStatus.RUNNING);

        letItEnd(run.id());
        framesUntil(() -> {
            settle();
            return vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED;
        });
        assertThat(vm.gantt().row("second").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(vm.timeline().shownRunLiveProperty().get()).isFalse();
        framesUntil(() -> vm.liveRunCount() == 0);
    }

    @Test
    void aRunThatEndsBeforeItsStartIsAnsweredShowsEndedAndIsNotCountedLive() throws Exception {
        viewModel(background, fx);
        LoadedPipeline quick = pipeline("quick.yaml", "pipeline: quick\nphases:\n  - id: only\n    run: \"true\"\n");
        vm.start(quick, RunOptions.defaults());
        background.runAll(); // the engine starts the run; its answer waits for the FX thread
        await().atMost(Duration.ofSeconds(30)).until(() -> !engine.runs(1).isEmpty() && engine.runs(1).getFirst().status() == RunStatus.SUCCEEDED
                && engine.liveRuns().isEmpty());
        vm.drainEvents(); // a frame first: the run's events and its end
        settle();

        assertThat(vm.shownRunProperty().get().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(vm.gantt().row("only").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(vm.gantt().live()).isFalse();
        assertThat(vm.liveRunCount()).isZero();
        assertThat(vm.actions().canCancelRunProperty().get()).isFalse();
    }

    @Test
    void aJobsMovesAreAppliedInOrderWhenItsRunIsShownWhileItMoves() throws Exception {
        // ApprovalWindowTest's start: a frame takes some of the new run's events before the window shows it
        viewModel(background, fx);
        LoadedPipeline p = waiting();
        vm.start(p, RunOptions.defaults());
        background.runAll(); // the run is created; the answer waits for the FX thread
        RunId id = engine.runs(1).getFirst().id();
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.jobs(id).stream()
                .anyMatch(j -> j.id().equals("second") && j.status() == JobStatus.WAITING));
        vm.drainEvents();
        letItEnd(id);
        settle();

        assertThat(vm.gantt().row("second").segments()).extracting(Segment::status).containsExactly(JobStatus.QUEUED, JobStatus.SUCCEEDED);
        assertThat(vm.gantt().row("first").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(vm.gantt().row("second").status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aJobThatWaitsForAPersonBeforeItsRunIsShownIsToldOfOnceItIs() throws Exception {
        viewModel(background, fx);
        LoadedPipeline p = pipeline("ask.yaml", """
                pipeline: ask
                phases:
                  - id: extract
                    approve: "Check the translations first"
                    run: "true"
                """);
        vm.start(p, RunOptions.defaults());
        background.runAll(); // started; the answer waits for the FX thread
        RunId id = engine.runs(1).getFirst().id();
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.jobs(id).getFirst().status() == JobStatus.AWAITING_APPROVAL);
        Thread.sleep(200); // its move is published just after it is committed
        vm.drainEvents();    // a frame sees the move before the window shows the run
        assertThat(vm.messageProperty().get()).startsWith("Starting ");
        settle();            // the run is shown
        vm.drainEvents();    // and the next frame tells of the wait, after what showing it said
        assertThat(vm.messageProperty().get()).isEqualTo("extract waits for approval: Check the translations first");
    }
}
