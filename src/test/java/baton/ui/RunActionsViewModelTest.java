package baton.ui;

import baton.engine.RunOptions;
import baton.format.LoadedPipeline;
import baton.model.JobStatus;
import baton.model.RunRequest;
import baton.model.RunStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What the window can do to runs, and when its buttons allow it: the view models alone, on one thread. */
class RunActionsViewModelTest extends WindowState {
    private static final String QUESTION = "Check the translations first";

    private MainViewModel inline() {
        return viewModel(Runnable::run, Runnable::run);
    }

    @Test
    void aFailedRunIsRetriedInPlaceAndWhatIsAllowedFollows() throws Exception {
        inline();
        Path fixed = dir.resolve("fixed");
        LoadedPipeline p = pipeline("flaky.yaml", """
                pipeline: flaky
                phases:
                  - id: build
                    run: "true"
                  - id: test
                    needs: [build]
                    run: '[ -e %s ]'
                  - id: deploy
                    needs: [test]
                    run: "true"
                """.formatted(fixed));
        RunActionsViewModel actions = vm.actions();
        var id = vm.start(p, RunOptions.defaults()).join();
        framesUntil(() -> vm.shownRunProperty().get().status() == RunStatus.FAILED);
        framesUntil(() -> vm.liveRunCount() == 0);
        assertThat(vm.gantt().row("deploy").status()).isEqualTo(JobStatus.BLOCKED);
        assertThat(actions.canRetryProperty().get()).isTrue();
        assertThat(actions.canCancelRunProperty().get()).isFalse();
        assertThat(actions.canResumeProperty().get()).as("only an interrupted run resumes").isFalse();
        assertThat(actions.retryPlan(null).join()).containsExactly("test", "deploy");

        Files.createFile(fixed);
        actions.retry(null).join();
        assertThat(vm.messageProperty().get()).isEqualTo("Retrying 2 job(s) of " + id);
        framesUntil(() -> vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED);
        assertThat(vm.shownRunProperty().get().id()).isEqualTo(id);
        assertThat(vm.gantt().row("test").attempt()).isEqualTo(2);
        assertThat(actions.canRetryProperty().get()).isFalse();
        vm.history().refresh();
        assertThat(vm.history().rows()).extracting(r -> r.run().id()).containsExactly(id);
    }

    @Test
    void theSelectedJobWaitingForAPersonShowsItsQuestionAndIsApproved() throws Exception {
        inline();
        LoadedPipeline p = pipeline("checkpoint.yaml", """
                pipeline: checkpoint
                phases:
                  - id: extract
                    approve: "%s"
                    run: "true"
                  - id: publish
                    needs: [extract]
                    run: "true"
                """.formatted(QUESTION));
        vm.start(p, RunOptions.defaults()).join();
        framesUntil(() -> vm.gantt().row("extract").status() == JobStatus.AWAITING_APPROVAL);
        assertThat(vm.messageProperty().get()).isEqualTo("extract waits for approval: " + QUESTION);
        SelectedJobViewModel job = vm.selectedJob();
        assertThat(job.questionProperty().get()).as("nothing selected").isNull();

        job.jobProperty().set("extract");
        assertThat(job.recordProperty().get().id()).isEqualTo("extract");
        assertThat(job.statusProperty().get()).isEqualTo(JobStatus.AWAITING_APPROVAL);
        assertThat(job.questionProperty().get()).isEqualTo(QUESTION);
        assertThat(vm.actions().canApproveProperty().get()).isTrue();
        assertThat(vm.actions().canSkipProperty().get()).isTrue();
        assertThat(vm.actions().canCancelJobProperty().get()).isTrue();

        assertThat(vm.actions().request("extract", RunRequest.Kind.APPROVE).join()).isEqualTo("approved extract");
        assertThat(vm.actions().requestPendingProperty().get()).isFalse();
        framesUntil(() -> vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED);
        assertThat(job.questionProperty().get()).isNull();
        assertThat(job.statusProperty().get()).isEqualTo(JobStatus.SUCCEEDED);
        framesUntil(() -> job.recordProperty().get().status() == JobStatus.SUCCEEDED);
        assertThat(job.attempts()).hasSize(1);
        assertThat(vm.actions().canApproveProperty().get()).isFalse();
    }

    @Test
    void showingAnotherRunLetsTheSelectionGo() throws Exception {
        inline();
        LoadedPipeline p = pipeline("one.yaml", "pipeline: one\nphases:\n  - id: a\n    run: \"true\"\n");
        var first = vm.start(p, RunOptions.defaults()).join();
        framesUntil(() -> vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED);
        vm.selectedJobProperty().set("a");
        assertThat(vm.selectedJobRecordProperty().get()).isNotNull();
        vm.start(p, RunOptions.defaults()).join();
        assertThat(vm.selectedJobProperty().get()).isNull();
        assertThat(vm.selectedJobRecordProperty().get()).isNull();

        vm.timeline().openRun(engine.run(first).orElseThrow()).join();
        assertThat(vm.shownRunProperty().get().id()).isEqualTo(first);
        assertThat(vm.messageProperty().get()).startsWith("Showing " + first + " (succeeded, 1 jobs, 1 attempts) — read-only");
    }

    /** A live run's counts change under the status line: it does not state a number of attempts that is soon wrong. */
    @Test
    void openingALiveRunSaysItIsFollowedRatherThanCountsThatGoStale() throws Exception {
        inline();
        LoadedPipeline p = pipeline("slow.yaml", "pipeline: slow\nphases:\n  - id: a\n    run: sleep 5\n");
        var live = vm.start(p, RunOptions.defaults()).join();
        framesUntil(() -> vm.gantt().row("a").status() == JobStatus.RUNNING);
        vm.timeline().openRun(engine.run(live).orElseThrow()).join();
        assertThat(vm.messageProperty().get()).isEqualTo("Showing " + live + " (running, live; 1 jobs when opened)");
        vm.actions().cancelShownRun();
        framesUntil(() -> vm.liveRunCount() == 0);
    }
}
