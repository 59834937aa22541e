package baton.ui;

import baton.engine.RunOptions;
import baton.engine.RunRefused;
import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.model.RunRequest;
import baton.model.RunStatus;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * What can be done to runs from the window, with no node in it: start, retry, resume, cancel, and
 * the requests (approve, reject, skip, cancel) that also reach a run another Baton process drives.
 * Each action calls the engine off the FX thread; each "can" property says whether its action is
 * allowed now, so buttons and menu items bind to it.
 */
public final class RunActionsViewModel {
    /** How long the window waits for a run's owner (this process or another) to take a request in. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

    private final OffFxThread calls;
    private final TimelineViewModel timeline;
    private final SelectedJobViewModel job;
    private final DrivenRuns driven;
    private final ApprovalNotices approvals;
    private final HistoryViewModel history;
    private final Consumer<String> say;

    /** Starts, retries and resumes asked for whose run is not shown yet. */
    private int toBeShown;
    /** A request was sent and its answer has not come back yet. */
    private final ReadOnlyBooleanWrapper requestPending = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canCancelRun = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canCancelJob = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canApprove = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canSkip = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper skipOffered = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRetry = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRetryJob = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canResume = new ReadOnlyBooleanWrapper();

    RunActionsViewModel(OffFxThread calls, TimelineViewModel timeline, SelectedJobViewModel job, DrivenRuns driven,
                        ApprovalNotices approvals, HistoryViewModel history, Consumer<String> say) {
        this.calls = calls;
        this.timeline = timeline;
        this.job = job;
        this.driven = driven;
        this.approvals = approvals;
        this.history = history;
        this.say = say;
        // change listeners: an invalidation listener would hear only the first change of an input recompute() does not read
        ChangeListener<Object> recompute = (o, was, now) -> recompute();
        for (ObservableValue<?> input : List.<ObservableValue<?>>of(timeline.shownRunProperty(), timeline.shownRunLiveProperty(),
                timeline.showingAllLiveProperty(), timeline.countsProperty(), job.statusProperty(), job.recordProperty(), requestPending,
                driven.countProperty())) {
            input.addListener(recompute);
        }
        recompute();
    }

    public ReadOnlyBooleanProperty requestPendingProperty() { return requestPending.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canCancelRunProperty() { return canCancelRun.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canCancelJobProperty() { return canCancelJob.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canApproveProperty() { return canApprove.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canSkipProperty() { return canSkip.getReadOnlyProperty(); }
    /** The selected job has not started, in a run that takes requests: marking it done is offered (disabled while a request is on its way). */
    public ReadOnlyBooleanProperty skipOfferedProperty() { return skipOffered.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRetryProperty() { return canRetry.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRetryJobProperty() { return canRetryJob.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canResumeProperty() { return canResume.getReadOnlyProperty(); }

    /** Every "can" again: its inputs are the run on display, the selected job, and what this process drives. */
    private void recompute() {
        RunRecord r = timeline.shownRunProperty().get();
        JobStatus st = job.statusProperty().get();
        boolean requests = canRequest();
        boolean free = requests && !requestPending.get();
        boolean notStarted = st != null && switch (st) {
            case PENDING, WAITING, QUEUED, AWAITING_APPROVAL -> true;
            default -> false;
        };
        canCancelRun.set(requests);
        canCancelJob.set(requests && st != null && !st.isTerminal());
        canApprove.set(free && st == JobStatus.AWAITING_APPROVAL);
        canSkip.set(free && notStarted);
        skipOffered.set(requests && notStarted);
        boolean ended = r != null && !driven.contains(r.id()) && r.status() != RunStatus.RUNNING;
        canRetry.set(ended && timeline.countsProperty().get().entrySet().stream().anyMatch(e -> e.getValue() > 0 && switch (e.getKey()) {
            case FAILED, TIMED_OUT, CANCELLED, BLOCKED -> true;
            default -> false;
        }));
        JobRecord j = job.recordProperty().get();
        canRetryJob.set(ended && j != null && j.status().isTerminal());
        canResume.set(r != null && r.status() == RunStatus.INTERRUPTED && !driven.contains(r.id()));
    }

    /** Whether the run on display takes requests: this process drives it, or its record says it is running elsewhere. */
    private boolean canRequest() {
        RunRecord r = timeline.shownRunProperty().get();
        if (r == null || timeline.showingAllLiveProperty().get()) return false;
        return driven.contains(r.id()) ? timeline.shownRunLiveProperty().get() : r.status() == RunStatus.RUNNING;
    }

    // --- starting, retrying, resuming ---

    /**
     * Starts a run off the FX thread (creating it writes all its jobs to the store) and shows it.
     * The future has its id once it is shown; it fails with {@link RunRefused} when it did not start.
     */
    public CompletableFuture<RunId> start(LoadedPipeline p, RunOptions options) {
        say.accept("Starting " + p.definition().displayName() + " …");
        toBeShown++;
        CompletableFuture<RunId> started = calls.call(e -> e.start(p, options));
        started.exceptionally(e -> {
            say.accept("The run did not start: " + OffFxThread.causeOf(e).getMessage());
            return null;
        });
        return started.thenCompose(id -> {
            driven.add(id);
            approvals.remember(id, ApprovalNotices.questionsOf(p));
            // it started even when it cannot be shown (the status line says why)
            return timeline.show(id, TimelineViewModel.Purpose.STARTED, null).handle((v, e) -> {
                history.refresh();
                return id;
            });
        }).whenComplete((id, e) -> toBeShown--);
    }

    /** What a retry would run again: the job and its dependents, or every failed one (null). */
    public CompletableFuture<List<String>> retryPlan(String jobId) {
        RunRecord r = timeline.shownRunProperty().get();
        if (r == null) return CompletableFuture.failedFuture(new RunRefused("no run is shown"));
        return calls.call(e -> e.retryPlan(r.id(), jobIds(jobId)));
    }

    /**
     * What a retry would run again and why: of {@code jobId} (null: every failed one), or, when
     * {@code chosen} is given, of those jobs. Read off the FX thread from the engine's plan, the
     * run's jobs and the definition it was started with.
     */
    public CompletableFuture<RetryPreview> retryPreview(String jobId, Collection<String> chosen) {
        RunRecord r = timeline.shownRunProperty().get();
        if (r == null) return CompletableFuture.failedFuture(new RunRefused("no run is shown"));
        return calls.call(e -> {
            List<JobRecord> jobs = e.jobs(r.id());
            Collection<String> ask = chosen != null ? chosen : jobId != null ? List.of(jobId) : RetryPreview.allFailed(jobs);
            List<String> plan = ask.isEmpty() ? List.of() : e.retryPlan(r.id(), ask);
            LoadedPipeline def;
            try {
                def = e.definitionOf(r);
            } catch (LoadException gone) {
                def = null; // the reasons then say less, the plan is the engine's all the same
            }
            return RetryPreview.of(ask, plan, jobs, def);
        });
    }

    /** Retries in the shown run, in place: the timeline keeps the earlier attempts. */
    public CompletableFuture<Void> retry(String jobId) {
        return retryJobs(jobIds(jobId));
    }

    /** Retries {@code jobIds} (none: every failed one) and what depends on them, in the shown run. */
    public CompletableFuture<Void> retryJobs(Collection<String> jobIds) {
        RunRecord r = timeline.shownRunProperty().get();
        if (r == null) return CompletableFuture.failedFuture(new RunRefused("no run is shown"));
        toBeShown++;
        return calls.call(e -> {
            int again = e.retryPlan(r.id(), jobIds).size();
            e.retry(r.id(), jobIds);
            return again;
        }).thenCompose(again -> goneOn(r.id(), "Retrying " + again + " job(s) of " + r.id())).whenComplete((v, e) -> toBeShown--);
    }

    /** Continues the shown run, interrupted when its Baton process died. */
    public CompletableFuture<Void> resume() {
        RunRecord r = timeline.shownRunProperty().get();
        if (r == null) return CompletableFuture.failedFuture(new RunRefused("no run is shown"));
        toBeShown++;
        return calls.call(e -> {
            e.resume(r.id());
            return r.id();
        }).thenCompose(id -> goneOn(id, "Resuming " + id)).whenComplete((v, e) -> toBeShown--);
    }

    /** Whether a run this window started (or retried, or resumed) is about to be shown. */
    boolean runToBeShown() {
        return toBeShown > 0;
    }

    private CompletableFuture<Void> goneOn(RunId id, String text) {
        driven.add(id);
        history.refresh();
        return timeline.show(id, TimelineViewModel.Purpose.CONTINUED, text);
    }

    private static List<String> jobIds(String jobId) {
        return jobId == null ? List.of() : List.of(jobId);
    }

    // --- cancelling and the other requests ---

    /**
     * Cancels the run on display: directly when this process drives it, else (a run a terminal
     * started, opened from the history) by a request its owner takes in.
     */
    public void cancelShownRun() {
        RunId id = timeline.shownId();
        if (id == null) return;
        if (driven.contains(id)) {
            calls.call(e -> e.cancel(id)).exceptionally(OffFxThread.logged("cannot cancel run " + id));
            say.accept("Cancelling " + id + " …");
        } else if (timeline.shownRunProperty().get().status() == RunStatus.RUNNING) {
            request(null, RunRequest.Kind.CANCEL);
        }
    }

    public void cancelSelectedJob() {
        RunId id = timeline.shownId();
        String jobId = job.jobProperty().get();
        if (id == null || jobId == null) return;
        if (driven.contains(id)) {
            calls.call(e -> e.cancelJob(id, jobId)).exceptionally(OffFxThread.logged("cannot cancel job " + jobId + " of run " + id));
            say.accept("Cancelling job " + jobId + " …");
        } else if (timeline.shownRunProperty().get().status() == RunStatus.RUNNING) {
            request(jobId, RunRequest.Kind.CANCEL);
        }
    }

    /** Asks every run this process drives to cancel (the window is closing). */
    public void cancelAll() {
        for (RunId id : driven.ids()) calls.call(e -> e.cancel(id)).exceptionally(OffFxThread.logged("cannot cancel run " + id));
    }

    /** What came of a request: the owner's answer (empty when none came in time), and how the run ended if it did. */
    private record Answer(Optional<String> text, RunStatus ended) {}

    /**
     * Sends a request about {@code jobId} (null: the whole run) of the run on display, off the FX
     * thread, and waits for its owner's answer (at most {@link #ANSWER_WITHIN}). The answer goes
     * to the status line; the timeline moves with the events that follow (a run of another process,
     * which sends none here, is read again). The future has the answer, or null when none came in
     * time; it fails with {@link RunRefused} when the request was refused (the run is no longer running).
     */
    public CompletableFuture<String> request(String jobId, RunRequest.Kind kind) {
        RunRecord r = timeline.shownRunProperty().get();
        if (r == null || timeline.showingAllLiveProperty().get()) return CompletableFuture.failedFuture(new RunRefused("no run is shown"));
        String what = jobId == null ? "run " + r.id() : jobId;
        String doing = switch (kind) {
            case CANCEL -> "Cancelling ";
            case APPROVE -> "Approving ";
            case REJECT -> "Rejecting ";
            case SKIP -> "Marking done ";
        };
        say.accept(doing + what + (driven.contains(r.id()) ? "" : " (asking the Baton process that runs it)") + " …");
        requestPending.set(true);
        String by = System.getProperty("user.name");
        return calls.call(e -> ask(e, r, jobId, kind, by)).handle((answer, failure) -> {
            requestPending.set(false);
            if (failure != null) {
                Throwable cause = OffFxThread.causeOf(failure);
                if (!(cause instanceof InterruptedException)) say.accept("Not done: " + cause.getMessage());
                throw new CompletionException(cause);
            }
            say.accept(answer.text().map(a -> "Run " + r.id() + ": " + a + (answer.ended() != null ? " (the run ended " + answer.ended().wire() + ")" : ""))
                    .orElse("Run " + r.id() + ": asked to " + kind.wire() + " " + what + "; the Baton process running it has not answered within "
                            + ANSWER_WITHIN.toSeconds() + " s (is it still alive?)"));
            // a run of another process sends no events here: read what came of it
            if (timeline.isShowing(r.id()) && !driven.contains(r.id())) {
                timeline.reloadShown().thenRun(() -> {
                    RunRecord now = timeline.shownRunProperty().get();
                    if (now != null && now.status().isTerminal()) history.refresh();
                });
            }
            return answer.text().orElse(null);
        });
    }

    /** Off the FX thread: sends the request and waits for the owner to take it in (and, for a cancel of the run, to end it). */
    private static Answer ask(EngineCalls e, RunRecord r, String jobId, RunRequest.Kind kind, String by) throws RunRefused, InterruptedException {
        long id = e.request(r.id(), jobId, kind, by);
        long until = System.nanoTime() + ANSWER_WITHIN.toNanos();
        Optional<String> answer = e.requestOutcome(id);
        while (answer.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(100);
            answer = e.requestOutcome(id);
        }
        // a cancelled run ends once its jobs' processes have: wait for that (briefly) to tell it
        RunRecord after = e.run(r.id()).orElse(r);
        until = System.nanoTime() + ANSWER_WITHIN.toNanos();
        while (answer.isPresent() && kind == RunRequest.Kind.CANCEL && jobId == null && !after.status().isTerminal() && System.nanoTime() < until) {
            Thread.sleep(200);
            after = e.run(r.id()).orElse(after);
        }
        return new Answer(answer, after.status().isTerminal() ? after.status() : null);
    }
}
