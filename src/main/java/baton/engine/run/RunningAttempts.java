package baton.engine.run;

import baton.engine.RunEvent;
import baton.engine.executor.Ending;
import baton.engine.executor.Running;
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
    /** Handles learnt after a commit; recorded with the next one (crash recovery also finds local jobs by their environment). */
    private final List<Change> pidsToRecord = new ArrayList<>();
    private int running;
    private boolean runCancelled;
    /** Jobs still running under an executor that outlived an earlier Baton, to follow from the first step (job id to stored handle). */
    private java.util.Map<String, String> toAdopt = Map.of();

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

    /** The handles learnt since the last call, for the next commit. */
    List<Change> takePidsToRecord() {
        List<Change> out = List.copyOf(pidsToRecord);
        pidsToRecord.clear();
        return out;
    }

    /** The jobs to follow instead of starting (see {@link JobsAtStart#adopted}); taken up by the first step. */
    void adoptAtStart(java.util.Map<String, String> adopted) {
        this.toAdopt = adopted;
    }

    /**
     * Follows the jobs an earlier Baton left running under an executor that outlived it: each
     * holds a slot, keeps its attempt (and number), and ends through the usual path.
     */
    void adopt(Step step) {
        if (toAdopt.isEmpty()) return;
        java.util.Map<String, String> adopted = toAdopt;
        toAdopt = Map.of();
        adopted.forEach((jobId, stored) -> {
            JobState js = table.job(jobId);
            var handle = baton.engine.executor.Handle.parse(stored);
            if (js == null || js.status != JobStatus.RUNNING || handle == null) return;
            slots.takeAnyway();
            running++;
            js.attemptsThisPass = 1;
            Path attemptDir = ctx.attemptDir(runId, jobId, js.attempt);
            Runnable follow = preparation.follow(js, attemptDir, attemptDir.resolve("log"), handle);
            step.afterCommit(() -> ctx.launchers().execute(follow));
        });
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
            js.running = null;
            js.timeout = null;
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

    /** The attempt exists: its handle is recorded, its metrics watched, its time limit set (from now, a queue's wait included). */
    void started(Message.Started m, Step step) {
        JobState js = table.job(m.jobId());
        Running r = m.running();
        record(spawned(m.jobId(), m.attempt(), r, null, m.runningSince()), step);
        if (m.runningSince() == null) step.event(new RunEvent.AttemptSubmitted(runId, m.jobId(), m.attempt(), r.handle().stored(), step.now));
        if (!isRunning(js, m.attempt())) return; // it already ended
        js.running = r;
        PhaseDef phase = table.phaseOf(js);
        if (phase.http() == null) liveMetrics.watch(m.jobId(), m.attempt(), ctx.attemptDir(runId, m.jobId(), m.attempt()).resolve("metrics"));
        if (js.cancelRequested) {
            step.kill(() -> r.end(Ending.CANCEL, phase.http() != null ? "cancelled" : null));
            return;
        }
        if (phase.http() != null) {
            js.limit = httpLimit(phase);
        } else {
            js.limit = phase.timeout();
            if (runCancelled && (js.limit == null || js.limit.compareTo(CLEANUP_LIMIT) > 0)) js.limit = CLEANUP_LIMIT;
        }
        // a batch job's time limit counts from when it leaves its cluster's queue, not from its submission
        if (js.limit != null && m.runningSince() != null) scheduleTimeout(js, js.limit);
    }

    /** A batch job left its cluster's queue: where and since when it runs is recorded (the attempt's start from then on). */
    void placed(Message.Placed m, Step step) {
        JobState js = table.job(m.jobId());
        if (js == null || js.attempt != m.attempt() || js.running == null) return;
        record(spawned(m.jobId(), m.attempt(), js.running, m.node(), m.at()), step);
        step.event(new RunEvent.AttemptPlaced(runId, m.jobId(), m.attempt(), m.node(), m.at()));
        if (isRunning(js, m.attempt()) && js.limit != null && js.timeout == null && !js.cancelRequested) scheduleTimeout(js, js.limit);
    }

    /**
     * A local pid rides along with the next commit that is needed anyway (recovery also finds a
     * local job by the identity in its environment); any other handle is committed now, since
     * it is the only way a later Baton finds the job (and the window shows its node).
     */
    private void record(Change.AttemptSpawned c, Step step) {
        if (c.handle().startsWith(baton.engine.executor.LocalExecutor.NAME + ":")) pidsToRecord.add(c);
        else step.change(c);
    }

    private Change.AttemptSpawned spawned(String jobId, int attempt, Running r, String node, java.time.Instant at) {
        Long pid = r.handle().executor().equals(baton.engine.executor.LocalExecutor.NAME) ? Long.valueOf(r.handle().id()) : null;
        return new Change.AttemptSpawned(runId, jobId, attempt, pid, r.handle().stored(), node, at);
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
        if (!isRunning(js, t.attempt()) || js.timedOut || js.running == null) return;
        js.timedOut = true;
        Running r = js.running;
        String reason = "timed out after " + Durations.format(js.limit);
        step.kill(() -> r.end(Ending.TIMEOUT, reason));
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
                    Running r = js.running;
                    if (r != null) step.kill(() -> r.end(Ending.CANCEL, reason));
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
        js.running = null;
        String contractError = takeResults(js, phase, attemptDir, result == JobStatus.SUCCEEDED, x.results(), step);
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
    private String takeResults(JobState js, PhaseDef phase, Path attemptDir, boolean succeeded, JobResults.Results read, Step step) {
        JobResults.Results said = read;
        if (said == null) {
            // the attempt never ran (refused, or its folder could not be made): what little there is, read here
            said = JobResults.read(attemptDir, ctx.runDir(runId), JobEnvironment.cwd(def, phase), phase.artifacts(), null,
                    js.attempt, JobEnvironment.forArtifacts(plan.params(), js.job, js.attempt), js.startedAt);
        }
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
        return succeeded ? said.contractError() : null;
    }

    /** Whether {@code js} is running attempt {@code attempt}: a message about an older attempt comes too late and counts for nothing. */
    private static boolean isRunning(JobState js, int attempt) {
        return js != null && js.status == JobStatus.RUNNING && js.attempt == attempt;
    }

    /** Ends every running job at once (the coordinator broke; the run is left for recovery). */
    void endAll() {
        for (JobState js : table.jobs()) {
            if (js.running != null && js.status == JobStatus.RUNNING && !js.running.handle().executor().equals(baton.engine.executor.Executors.HTTP)) {
                js.running.end(Ending.CANCEL, null);
            }
        }
    }
}
