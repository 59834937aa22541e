package baton.engine.run;

import baton.engine.RunEvent;
import baton.engine.RunListener;
import baton.engine.results.LiveMetrics;
import baton.model.PipelineDef;
import baton.model.RunId;
import baton.model.RunPlan;
import baton.model.RunRequest;
import baton.model.RunStatus;
import baton.store.Change;
import baton.store.OwnerOnly;
import baton.store.StoreException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Owns one run's mutable state on one thread: its mailbox and its step. Process exits, timers
 * and requests arrive as {@link Message}s; each step hands what has arrived to the pieces that
 * know about it ({@link RunningAttempts}, {@link RequestIntake}), lets the {@link Settler} move
 * the waiting jobs, starts what fits in the free slots, commits all of it in one transaction,
 * and only then publishes events and acts (starts and ends processes). Nothing polls the state.
 */
public final class RunCoordinator {
    /** How often a run looks for requests from other Baton processes (one indexed query). */
    static final Duration REQUEST_POLL = Duration.ofMillis(500);
    /** How often a live run tells the store its owner is alive. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger("baton.engine");

    private final RunId runId;
    private final RunContext ctx;
    private final SlotPool slots;
    private final List<RunListener> listeners;
    private final LinkedBlockingQueue<Message> mailbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<RunStatus> done = new CompletableFuture<>();
    private final Runnable wake = () -> post(new Message.Wake());
    private final JobTable table;
    private final Settler settler;
    private final RunningAttempts attempts;
    private final RequestIntake requests;
    private final Pause pause;
    private final LiveMetrics liveMetrics;
    private RunStatus runStatus = RunStatus.RUNNING;
    /** Decided while the store would not take it: kept, in order, until it does (see {@link Pause}). */
    private final List<Change> unwritten = new ArrayList<>();
    private final List<RunEvent> unpublished = new ArrayList<>();
    private final List<Runnable> notActedOn = new ArrayList<>();

    public RunCoordinator(RunId runId, PipelineDef def, RunContext ctx, SlotPool slots, RunPlan plan, JobsAtStart start,
                          List<RunListener> listeners) {
        this.runId = runId;
        this.ctx = ctx;
        this.slots = slots;
        this.listeners = List.copyOf(listeners);
        this.table = JobTable.of(runId, def, plan);
        // a run just created has no approvals yet; asking the store would also wait for its job rows to be written
        this.settler = new Settler(runId, table, plan.autoApprove(), start.isNew() ? java.util.Set.of() : ctx.store().approvedJobs(runId));
        SpawnIntake spawns = new SpawnIntake(runId, def, plan.params(), table);
        // phases spawned earlier in this run come back in the order they were added, before the jobs that belong to them
        spawns.restore(start.spawns(), start.planned());
        table.addJobsAtStart(start);
        table.markAllChanged();
        this.liveMetrics = new LiveMetrics(runId.value(), r -> post(new Message.MetricsRead(r)));
        this.attempts = new RunningAttempts(runId, def, ctx, plan, slots, wake, table, spawns, liveMetrics, this::post);
        attempts.adoptAtStart(start.adopted());
        this.requests = new RequestIntake(runId, table, settler, attempts);
        this.pause = new Pause(runId, ctx, this::publish, () -> post(new Message.PauseCheckDue()));
    }

    public RunId runId() {
        return runId;
    }

    public CompletableFuture<RunStatus> done() {
        return done;
    }

    public void start() {
        try {
            OwnerOnly.createDirectories(ctx.runDir(runId));
        } catch (IOException e) {
            // each job's launch will fail with the reason too; the log keeps the first cause
            LOG.log(System.Logger.Level.WARNING, "run " + runId + ": cannot make " + ctx.runDir(runId), e);
        }
        slots.onFree(wake);
        Thread.ofPlatform().name("run-" + runId.value()).daemon(false).start(this::loop);
    }

    private void post(Message m) {
        mailbox.add(m);
    }

    public void cancel(String reason) {
        post(new Message.CancelRun(reason));
    }

    /** Cancels the run because Baton cannot go on with it, and says why (now: the store may be what is gone). */
    public void stop(String why) {
        publish(List.of(new RunEvent.RunNote(runId, Instant.now(), why)));
        post(new Message.CancelRun(why));
    }

    public void cancelJob(String jobId) {
        post(new Message.CancelJob(jobId));
    }

    /** Looks for requests in the store (made by this or another Baton process); they come back as a message. */
    public void pollRequests() {
        try {
            List<RunRequest> open = ctx.store().openRequests(runId);
            if (!open.isEmpty()) post(new Message.Requests(open));
        } catch (RuntimeException e) {
            // the store is unreachable for a moment (a paused run says so itself); the next poll will do
            LOG.log(System.Logger.Level.DEBUG, "polling requests of " + runId + " failed", e);
        }
    }

    private void heartbeat() {
        try {
            ctx.store().heartbeat(runId, Instant.now());
        } catch (RuntimeException e) {
            // a missed heartbeat is harmless: others take the owner for gone only after many
            LOG.log(System.Logger.Level.DEBUG, "heartbeat of " + runId + " failed", e);
        }
    }

    private void loop() {
        ScheduledFuture<?> heartbeat = ctx.timers().scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
        ScheduledFuture<?> requestPoll = ctx.timers().scheduleWithFixedDelay(this::pollRequests, REQUEST_POLL.toMillis(),
                REQUEST_POLL.toMillis(), TimeUnit.MILLISECONDS);
        liveMetrics.start(ctx.timers());
        try {
            post(new Message.Wake());
            List<Message> batch = new ArrayList<>();
            while (!runStatus.isTerminal() || pause.paused()) {
                batch.clear();
                batch.add(mailbox.take());
                mailbox.drainTo(batch);
                step(batch);
            }
            done.complete(runStatus);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        } catch (Throwable t) {
            // the store refused or broke: end our processes; the run stays 'running' in the
            // store and will be found as interrupted by the next Baton process
            LOG.log(System.Logger.Level.ERROR, "run " + runId + " stopped: its history could not be written", t);
            attempts.endAll();
            done.completeExceptionally(t);
        } finally {
            heartbeat.cancel(false);
            requestPoll.cancel(false);
            liveMetrics.stop();
            slots.removeOnFree(wake);
        }
    }

    private void step(List<Message> batch) {
        Step step = new Step(Instant.now());
        for (Message m : batch) handle(m, step);
        if (pause.paused() && unwritten.isEmpty() && !pause.diskNearlyFull()) pause.goOn();
        settler.settle(step); // after a cancel only cleanup jobs are left to move
        attempts.adopt(step);
        if (!pause.paused() && pause.roomToStart(table.anyReady())) attempts.startQueued(step);
        boolean cancelled = attempts.runCancelled();
        if (attempts.running() == 0 && !pause.paused() && !cancelled && !table.allEnded(false)) settler.blockWhatCanNeverMove(step);
        if (attempts.running() == 0 && table.allEnded(cancelled) && !runStatus.isTerminal()) {
            RunStatus end = table.finalStatus(cancelled);
            step.change(new Change.RunMoved(runId, RunStatus.RUNNING, end, step.now, cancelled ? "cancelled" : null));
            step.event(new RunEvent.RunMoved(runId, RunStatus.RUNNING, end, step.now));
            runStatus = end;
        }
        unwritten.addAll(step.changes);
        unpublished.addAll(step.events);
        notActedOn.addAll(step.afterCommit);
        if (!unwritten.isEmpty() && !commit()) return;
        if (pause.paused()) {
            if (!pause.diskNearlyFull()) {
                pause.goOn();
                post(new Message.Wake()); // what waited to start starts now
            } else {
                pause.scheduleCheck();
            }
        }
        publish(unpublished);
        unpublished.clear();
        List<Runnable> acts = List.copyOf(notActedOn);
        notActedOn.clear();
        for (Runnable r : acts) r.run();
    }

    /** Writes what is unwritten in one transaction; false when the store refused it and the run is paused. */
    private boolean commit() {
        // pids ride along with the next commit that is needed anyway: recovery can also find
        // a job's processes by the identity in their environment
        unwritten.addAll(0, attempts.takePidsToRecord());
        try {
            ctx.store().commit(unwritten);
        } catch (StoreException e) {
            // a full disk, a store that closed itself: keep everything for the next try; a
            // cancel still ends processes now, and once nothing runs it gives up waiting
            for (var it = notActedOn.iterator(); it.hasNext(); ) {
                Runnable r = it.next();
                if (r instanceof Step.Kill) {
                    it.remove();
                    r.run();
                }
            }
            if (attempts.runCancelled() && attempts.running() == 0) throw e;
            pause.scheduleCheck();
            pause.pause("cannot write the run's history to the database in " + ctx.dataDir() + " (" + e.getMessage()
                    + "): the run is paused until it can; free some disk space, or cancel the run");
            return false;
        }
        unwritten.clear();
        return true;
    }

    private void handle(Message m, Step step) {
        switch (m) {
            case Message.Wake w -> {}
            case Message.PauseCheckDue p -> {}
            case Message.Requests r -> requests.take(r.requests(), step);
            case Message.MetricsRead r -> attempts.metricsRead(r.reading(), step);
            case Message.Started s -> attempts.started(s, step);
            case Message.Placed p -> attempts.placed(p, step);
            case Message.Exited x -> attempts.exited(x, step);
            case Message.RetryDue r -> attempts.retryDue(r, step);
            case Message.TimeoutDue t -> attempts.timeoutDue(t, step);
            case Message.CancelRun c -> attempts.cancelRun(c.reason(), step);
            case Message.CancelJob c -> {
                JobState js = table.job(c.jobId());
                if (js != null) attempts.cancel(js, "cancelled by request", step);
            }
        }
    }

    private void publish(List<RunEvent> events) {
        if (!events.isEmpty()) for (RunListener l : listeners) {
            try {
                l.onEvents(List.copyOf(events));
            } catch (RuntimeException e) {
                // a listener's failure must not stop the run
                LOG.log(System.Logger.Level.WARNING, "a run listener failed", e);
            }
        }
    }
}
