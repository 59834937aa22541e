package baton.engine.run;

import baton.engine.RunEvent;
import baton.engine.exec.ProcessLauncher;
import baton.engine.exec.ProcessTree;
import baton.engine.http.HttpPhases;
import baton.engine.plan.JobEnvironment;
import baton.engine.results.JobResults;
import baton.engine.results.LiveMetrics;
import baton.format.Durations;
import baton.model.JobStatus;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RunId;
import baton.model.RunPlan;
import baton.store.Change;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The life of a run's attempts: starting queued jobs in the free slots, their time limits, their
 * cancelling (a job's, or the whole run's, which leaves cleanup jobs a short while), and their
 * end: what the job said back, a retry, the phases it spawned, the state it ends in.
 */
final class RunningAttempts {
    /** How long a cleanup job may run once its run was cancelled (less if its phase says so). */
    static final Duration CLEANUP_LIMIT = Duration.ofSeconds(30);

    private final RunId runId;
    private final PipelineDef def;
    private final RunContext ctx;
    private final RunPlan plan;
    private final SlotPool slots;
    /** What a freed slot wakes: this run's coordinator, which goes on by itself, so the pool does not wake it again. */
    private final Runnable wake;
    private final JobTable table;
    private final SpawnIntake spawns;
    private final AttemptPreparation preparation;
    private final LiveMetrics liveMetrics;
    private final Consumer<Message> post;
    /** Pids learnt after a commit; recorded with the next one (crash recovery also finds jobs by their environment). */
    private final List<Change> pidsToRecord = new ArrayList<>();
    private int running;
    private boolean runCancelled;

    RunningAttempts(RunId runId, PipelineDef def, RunContext ctx, RunPlan plan, SlotPool slots, Runnable wake, JobTable table,
                    SpawnIntake spawns, LiveMetrics liveMetrics, Consumer<Message> post) {
        this.runId = runId;
        this.def = def;
        this.ctx = ctx;
        this.plan = plan;
        this.slots = slots;
        this.wake = wake;
        this.table = table;
        this.spawns = spawns;
        this.preparation = new AttemptPreparation(runId, def, ctx, plan, table, post);
        this.liveMetrics = liveMetrics;
        this.post = post;
    }

    int running() {
        return running;
    }

    /** Whether the run was asked to cancel: from then on only cleanup jobs move, and nothing is retried. */
    boolean runCancelled() {
        return runCancelled;
    }

    /** The pids learnt since the last call, for the next commit. */
    List<Change> takePidsToRecord() {
        List<Change> out = List.copyOf(pidsToRecord);
        pidsToRecord.clear();
        return out;
    }

    /** Starts queued jobs, in order, while slots are free; their processes start once the step is committed. */
    void startQueued(Step step) {
        for (JobState js = table.firstReady(); js != null; js = table.firstReady()) {
            if (!slots.tryAcquire()) return;
            table.takeReady();
            running++;
            js.attempt++;
            js.attemptsThisPass++;
            js.timedOut = false;
            js.cancelRequested = false;
            js.process = null;
            js.http = null;
            js.startedAt = step.now;
            table.move(js, JobStatus.RUNNING, null, null, null, step);
            Path attemptDir = ctx.attemptDir(runId, js.job.id(), js.attempt);
            Path log = attemptDir.resolve("log");
            step.change(new Change.AttemptStarted(runId, js.job.id(), js.attempt, step.now, 0, log.toString()));
            String jobId = js.job.id();
            int attempt = js.attempt;
            if (js.refusal != null) {
                String why = js.refusal;
                step.afterCommit(() -> post.accept(new Message.Exited(jobId, attempt, null, 0, why, Instant.now())));
                continue;
            }
            Runnable start = preparation.prepare(js, attemptDir, log);
            step.afterCommit(() -> ctx.launchers().execute(start));
        }
    }

    void launched(Message.Launched l, Step step) {
        JobState js = table.job(l.jobId());
        ProcessLauncher.Started proc = l.process();
        pidsToRecord.add(new Change.AttemptSpawned(runId, l.jobId(), l.attempt(), proc.pid(), l.at()));
        if (!isRunning(js, l.attempt())) return; // it already ended
        js.process = proc;
        liveMetrics.watch(l.jobId(), l.attempt(), ctx.attemptDir(runId, l.jobId(), l.attempt()).resolve("metrics"));
        if (js.cancelRequested) {
            step.afterCommit(() -> ProcessTree.terminate(proc.pid(), ProcessTree.GRACE, ctx.timers()));
            return;
        }
        js.limit = table.phaseOf(js).timeout();
        if (runCancelled && (js.limit == null || js.limit.compareTo(CLEANUP_LIMIT) > 0)) js.limit = CLEANUP_LIMIT;
        if (js.limit != null) scheduleTimeout(js, js.limit);
    }

    void httpStarted(Message.HttpStarted h) {
        JobState js = table.job(h.jobId());
        if (!isRunning(js, h.attempt())) return;
        js.http = h.call();
        if (js.cancelRequested) {
            h.call().cancel("cancelled");
            return;
        }
        Duration limit = httpLimit(table.phaseOf(js));
        if (limit != null) scheduleTimeout(js, limit);
    }

    /** An http phase waits for its server as long as its call's timeout, else its own. */
    private static Duration httpLimit(PhaseDef phase) {
        return phase.http().timeout() != null ? phase.http().timeout() : phase.timeout();
    }

    private void scheduleTimeout(JobState js, Duration limit) {
        String jobId = js.job.id();
        int attempt = js.attempt;
        js.timeout = ctx.timers().schedule(() -> post.accept(new Message.TimeoutDue(jobId, attempt)), limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    void timeoutDue(Message.TimeoutDue t, Step step) {
        JobState js = table.job(t.jobId());
        if (!isRunning(js, t.attempt()) || js.timedOut) return;
        if (js.http != null) {
            js.timedOut = true;
            HttpPhases.Pending call = js.http;
            Duration limit = httpLimit(table.phaseOf(js));
            step.afterCommit(() -> call.cancel("timed out after " + Durations.format(limit) + " waiting for the phase server"));
        } else if (js.process != null) {
            js.timedOut = true;
            ProcessLauncher.Started proc = js.process;
            step.kill(() -> {
                proc.note("timed out after " + Durations.format(js.limit) + ": sending SIGTERM to the job's processes (SIGKILL in "
                        + ProcessTree.GRACE.toSeconds() + "s)");
                ProcessTree.terminate(proc.pid(), ProcessTree.GRACE, ctx.timers());
            });
        }
    }

    void retryDue(Message.RetryDue r, Step step) {
        JobState js = table.job(r.jobId());
        if (js != null && js.status == JobStatus.RETRYING && js.attempt == r.attempt()) {
            table.move(js, JobStatus.QUEUED, "retry " + (js.attempt + 1), null, null, step);
        }
    }

    /**
     * Cancels the run. The first cancel leaves the cleanup jobs (all needs 'when: always') to run,
     * under a short time limit, as Airflow's teardown tasks do; a second cancel ends them too.
     */
    void cancelRun(String reason, Step step) {
        boolean again = runCancelled;
        runCancelled = true;
        for (JobState js : table.jobs()) {
            if (!again && table.isCleanup(js) && !js.status.isTerminal() && js.status != JobStatus.RUNNING) continue;
            cancel(js, reason, step);
        }
    }

    /** Cancels one job: at once when it waits; a running one is asked to end (SIGTERM, then SIGKILL). */
    void cancel(JobState js, String reason, Step step) {
        switch (js.status) {
            case PENDING, WAITING, QUEUED, RETRYING, AWAITING_APPROVAL -> table.move(js, JobStatus.CANCELLED, reason, null, null, step);
            case RUNNING -> {
                if (!js.cancelRequested) {
                    js.cancelRequested = true;
                    HttpPhases.Pending call = js.http;
                    if (call != null) step.afterCommit(() -> call.cancel(reason + ": the phase server is not told"));
                    ProcessLauncher.Started proc = js.process;
                    if (proc != null) step.kill(() -> {
                        proc.note(reason + ": sending SIGTERM to the job's processes (SIGKILL in " + ProcessTree.GRACE.toSeconds() + "s)");
                        ProcessTree.terminate(proc.pid(), ProcessTree.GRACE, ctx.timers());
                    });
                }
            }
            default -> {}
        }
    }

    /** A live reading counts only while its attempt runs: at the attempt's end the final read wins. */
    void metricsRead(LiveMetrics.Reading r, Step step) {
        JobState js = table.job(r.jobId());
        if (!isRunning(js, r.attempt())) return;
        js.liveMetrics = r.metrics();
        step.change(new Change.MetricsRecorded(runId, r.jobId(), r.attempt(), r.metrics()));
        step.event(new RunEvent.MetricsChanged(runId, r.jobId(), r.attempt(), r.metrics(), step.now));
    }

    /** The end of an attempt: what it said back, then a retry, or the state it ends in. */
    void exited(Message.Exited x, Step step) {
        liveMetrics.unwatch(x.jobId(), x.attempt());
        JobState js = table.job(x.jobId());
        if (!isRunning(js, x.attempt())) return;
        running--;
        slots.release(wake);
        if (js.timeout != null) js.timeout.cancel(false);
        PhaseDef phase = table.phaseOf(js);
        JobStatus result;
        String error = x.error();
        if (js.cancelRequested) {
            result = JobStatus.CANCELLED;
            error = "cancelled";
        } else if (js.timedOut) {
            result = JobStatus.TIMED_OUT;
            Duration limit = phase.http() != null && phase.http().timeout() != null ? phase.http().timeout() : js.limit;
            error = "timed out after " + Durations.format(limit);
        } else if (x.exitCode() != null && x.exitCode() == 0 && error == null) {
            result = JobStatus.SUCCEEDED;
        } else {
            result = JobStatus.FAILED;
            if (error == null) error = "exit code " + x.exitCode();
        }
        Path attemptDir = ctx.attemptDir(runId, js.job.id(), js.attempt);
        String contractError = takeResults(js, phase, attemptDir, result == JobStatus.SUCCEEDED, step);
        if (contractError != null) {
            result = JobStatus.FAILED;
            error = contractError;
        }
        step.change(new Change.AttemptEnded(runId, js.job.id(), js.attempt, result, x.at(), x.exitCode(), error, x.logSize()));
        boolean retry = result.isFailure() && js.attemptsThisPass <= phase.retries().max() && !runCancelled;
        if (!retry && result != JobStatus.CANCELLED) {
            String spawnError = spawns.take(js, attemptDir, step);
            if (spawnError != null) {
                result = JobStatus.FAILED;
                error = spawnError;
            } else if (table.supersededBy(js.job.id()) != null && result.isFailure()) {
                error = error + "; superseded by " + table.supersededBy(js.job.id()) + ", whose outcome counts instead";
            }
        }
        if (retry) {
            table.move(js, JobStatus.RETRYING, error, x.exitCode(), error, step);
            Duration wait = phase.retries().delayBefore(js.attemptsThisPass + 1);
            if (wait.isZero()) {
                table.move(js, JobStatus.QUEUED, "retry " + (js.attempt + 1), null, null, step);
            } else {
                String jobId = js.job.id();
                int attempt = js.attempt;
                ctx.timers().schedule(() -> post.accept(new Message.RetryDue(jobId, attempt)), wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        } else {
            table.move(js, result, error, x.exitCode(), error, step);
        }
    }

    /**
     * Reads what the ended attempt said back (outputs, metrics, artifacts, warnings) and records
     * it; returns why its result.json breaks its contract (checked only when it succeeded), or null.
     */
    private String takeResults(JobState js, PhaseDef phase, Path attemptDir, boolean succeeded, Step step) {
        Path contract = phase.contract() == null || !succeeded ? null : Path.of(def.baseDir() == null ? "." : def.baseDir()).resolve(phase.contract());
        JobResults.Results said = JobResults.read(attemptDir, ctx.runDir(runId), JobEnvironment.cwd(def, phase), phase.artifacts(), contract,
                js.attempt, JobEnvironment.forArtifacts(plan.params(), js.job, js.attempt), js.startedAt);
        if (!said.outputs().isEmpty()) {
            js.outputs = said.outputs();
            table.saidSomething();
            step.change(new Change.OutputsRecorded(runId, js.job.id(), said.outputs()));
        }
        if (!said.metrics().isEmpty() || !js.liveMetrics.isEmpty()) {
            // the final read wins over the live ones, even when the job emptied its file
            step.change(new Change.MetricsRecorded(runId, js.job.id(), js.attempt, said.metrics()));
            if (!said.metrics().equals(js.liveMetrics)) step.event(new RunEvent.MetricsChanged(runId, js.job.id(), js.attempt, said.metrics(), step.now));
            js.liveMetrics = Map.of();
        }
        if (!said.artifacts().isEmpty()) {
            js.artifacts = said.artifacts();
            table.saidSomething();
            step.change(new Change.ArtifactsRecorded(runId, js.job.id(), said.artifacts()));
        }
        if (!said.warnings().isEmpty()) step.change(new Change.WarningsRecorded(runId, js.job.id(), js.attempt, said.warnings()));
        return said.contractError();
    }

    /** Whether {@code js} is running attempt {@code attempt}: a message about an older attempt comes too late and counts for nothing. */
    private static boolean isRunning(JobState js, int attempt) {
        return js != null && js.status == JobStatus.RUNNING && js.attempt == attempt;
    }

    /** Ends the processes of every running job at once (the coordinator broke; the run is left for recovery). */
    void endAll() {
        for (JobState js : table.jobs()) {
            if (js.process != null && js.status == JobStatus.RUNNING) ProcessTree.terminate(js.process.pid(), ProcessTree.GRACE, ctx.timers());
        }
    }
}
