package baton.engine;

import baton.model.Foreach;
import baton.model.JobStatus;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RunId;
import baton.model.RunStatus;
import baton.store.Change;
import baton.store.NewJob;
import baton.store.RunStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Owns one run's mutable state on one thread. Process exits, timers and requests arrive as
 * messages; each step handles what has arrived, lets the {@link Decider} settle the waiting jobs,
 * starts what fits in the free slots, commits all of it in one transaction, and only then
 * publishes events and acts (starts processes). Nothing polls.
 */
final class RunCoordinator {
    private sealed interface Message {}
    private record HttpStarted(String jobId, int attempt, HttpPhases.Pending call) implements Message {}
    private record Launched(String jobId, int attempt, ProcessLauncher.Started process, Instant at) implements Message {}
    private record Exited(String jobId, int attempt, Integer exitCode, long logSize, String error, Instant at) implements Message {}
    private record RetryDue(String jobId, int attempt) implements Message {}
    private record TimeoutDue(String jobId, int attempt) implements Message {}
    private record CancelRun(String reason) implements Message {}
    private record CancelJob(String jobId) implements Message {}
    private record Wake() implements Message {}
    /** While the run is paused (the store cannot write, or the disk is nearly full): look again. */
    private record PauseCheckDue() implements Message {}
    /** Requests to this run (cancel, approve, reject, skip) found in the store, from any Baton process. */
    private record Requests(List<baton.model.RunRequest> requests) implements Message {}
    /** A running attempt's BATON_METRICS as read just now, off this thread ({@link LiveMetrics}). */
    private record MetricsRead(LiveMetrics.Reading reading) implements Message {}

    /** An action that ends processes: safe to take before the store has the change, so a paused run can still be cancelled. */
    private record Kill(Runnable action) implements Runnable {
        @Override
        public void run() {
            action.run();
        }
    }

    private static final class JobState {
        final PlannedJob job;
        JobStatus status;
        int attempt;            // the number of the latest attempt, counting across retries and resumes
        int attemptsThisPass;   // attempts since the job was last reset, for the retry budget
        ProcessLauncher.Started process;
        HttpPhases.Pending http;
        String refusal; // set on a stand-in job that must fail instead of running
        boolean cancelRequested;
        boolean timedOut;
        ScheduledFuture<?> timeout;
        /** The time limit of the running attempt (the phase's, or a cleanup's after a cancel), or null. */
        Duration limit;
        Map<String, String> outputs = Map.of();
        /** The running attempt's metrics as last recorded from a live read. */
        Map<String, Double> liveMetrics = Map.of();
        List<baton.model.Artifact> artifacts = List.of();
        Instant startedAt = Instant.now();

        JobState(PlannedJob job, JobStatus status, int attempt) {
            this.job = job;
            this.status = status;
            this.attempt = attempt;
        }
    }

    private final RunId runId;
    private final PipelineDef def;
    private final RunContext ctx;
    private final SlotPool slots;
    private final Map<String, String> params;
    private final String input;
    private final Path runDir;
    private final Map<String, PhaseDef> phases = new LinkedHashMap<>();
    private final Map<String, PhaseState> phaseStates = new LinkedHashMap<>();
    private final Map<String, JobState> jobs = new LinkedHashMap<>();
    private final ArrayDeque<JobState> ready = new ArrayDeque<>();
    private int notEndedJobs;
    private final LinkedBlockingQueue<Message> mailbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<RunStatus> done = new CompletableFuture<>();
    private final List<RunListener> listeners;
    private final Runnable wake = () -> post(new Wake());
    private final LiveMetrics liveMetrics;
    /** Pids learnt after a commit; recorded with the next one (crash recovery also finds jobs by their environment). */
    private final List<Change> pidsToRecord = new ArrayList<>();
    private boolean anyOutputs;
    private int nextSeq;
    private int running;
    private boolean cancelRequested;
    private RunStatus runStatus = RunStatus.RUNNING;
    /**
     * Why the run is paused, or null. A paused run starts no job; what happens meanwhile (jobs
     * ending, cancels) is decided as usual but kept here until the store takes it, and nothing of
     * it is published or acted on before that: "committed before published" holds while paused.
     */
    private String pausedBecause;
    /** Jobs a person approved (they pass their checkpoint); loaded from the store on a restart. */
    private final Set<String> approved = new HashSet<>();
    /** Requests already taken in (a poll may see one again until its handling is committed). */
    private final Set<Long> requestsTaken = new HashSet<>();
    private final boolean autoApprove;
    private final List<Change> unwritten = new ArrayList<>();
    private final List<RunEvent> unpublished = new ArrayList<>();
    private final List<Runnable> notActedOn = new ArrayList<>();
    private volatile boolean pauseCheckScheduled;

    RunCoordinator(RunId runId, PipelineDef def, RunContext ctx, SlotPool slots, baton.model.RunPlan plan, List<PlannedJob> planned, Map<String, JobStatus> initialStatus,
                   Map<String, Integer> initialAttempts, Map<String, Map<String, String>> initialOutputs, List<baton.store.SpawnFile> spawns,
                   List<RunListener> listeners) {
        this.runId = runId;
        this.def = def;
        this.ctx = ctx;
        this.slots = slots;
        this.params = plan.params();
        this.input = plan.input();
        this.autoApprove = plan.autoApprove();
        this.approved.addAll(ctx.store().approvedJobs(runId));
        Set<String> switchedOff = plan.notRun();
        this.listeners = List.copyOf(listeners);
        this.runDir = ctx.runDir(runId);
        this.liveMetrics = new LiveMetrics(runId.value(), r -> post(new MetricsRead(r)));
        for (PhaseDef p : def.phases()) {
            phases.put(p.id(), p);
            // a phase its file marks done (a checked roadmap task) is skipped like a switched-off one, with the file's reason
            boolean off = switchedOff.contains(p.id()) || p.doneReason() != null;
            PhaseState ps = new PhaseState(p, off, p.foreach() instanceof Foreach.Output && !off);
            if (p.doneReason() != null) ps.offReason = p.doneReason();
            else if (off) ps.offReason = plan.notRunReason(p.id());
            if (plan.alreadyDone().contains(p.id())) doneEarlier.add(p.id());
            phaseStates.put(p.id(), ps);
            registerFanOut(ps);
        }
        for (PhaseState ps : phaseStates.values()) {
            for (var need : ps.def.needs()) {
                PhaseState.Link link = new PhaseState.Link(need, phaseStates.get(need.phase()), ps);
                ps.upstream.add(link);
                link.up().downstream.add(link);
            }
        }
        // phases spawned earlier in this run come back in the order they were added
        Map<String, String> phaseOfJob = new HashMap<>();
        for (PlannedJob j : planned) phaseOfJob.put(j.id(), j.phaseId());
        for (baton.store.SpawnFile s : spawns) {
            try {
                List<baton.format.SpawnedPhase> defs = baton.format.PipelineLoader.parseSpawnLines("BATON_SPAWN", s.text(), def);
                addSpawned(s.spawnerJob(), phaseOfJob.getOrDefault(s.spawnerJob(), s.spawnerJob()), defs, Instant.now(), new ArrayList<>(), new ArrayList<>(), false);
            } catch (baton.format.LoadException e) {
                // it loaded when it was taken in; a newer Baton reading it differently skips it, and says so
                System.getLogger("baton.engine").log(System.Logger.Level.WARNING, "run " + runId + ": the spawn file of " + s.spawnerJob()
                        + " no longer loads and is left out: " + e.getMessage());
            }
        }
        for (PlannedJob j : planned) {
            if (!phaseStates.containsKey(j.phaseId())) continue;
            addJob(j, initialStatus.getOrDefault(j.id(), JobStatus.PENDING), initialAttempts.getOrDefault(j.id(), 0));
            jobs.get(j.id()).outputs = initialOutputs.getOrDefault(j.id(), Map.of());
            if (!jobs.get(j.id()).outputs.isEmpty()) anyOutputs = true;
            phaseStates.get(j.phaseId()).open = false;
        }
        // every phase reports once at the start, so one with no jobs (an empty fan-out) ends too
        for (PhaseState ps : phaseStates.values()) {
            markTouched(ps);
            markDirty(ps);
        }
    }

    private void addJob(PlannedJob j, JobStatus st, int attempts) {
        JobState js = new JobState(j, st, attempts);
        jobs.put(j.id(), js);
        PhaseState ps = phaseStates.get(j.phaseId());
        ps.jobAdded(j.id(), st);
        markTouched(ps);
        markDirty(ps);
        if (!st.isTerminal()) notEndedJobs++;
        if (st == JobStatus.QUEUED) ready.add(js);
        nextSeq = Math.max(nextSeq, j.seq() + 1);
    }

    RunId runId() {
        return runId;
    }

    CompletableFuture<RunStatus> done() {
        return done;
    }

    void start() {
        try {
            baton.store.OwnerOnly.createDirectories(runDir);
        } catch (IOException e) {
            // each job's launch will fail with the reason too; the log keeps the first cause
            System.getLogger("baton.engine").log(System.Logger.Level.WARNING, "run " + runId + ": cannot make " + runDir, e);
        }
        slots.onFree(wake);
        Thread.ofPlatform().name("run-" + runId.value()).daemon(false).start(this::loop);
    }

    void post(Message m) {
        mailbox.add(m);
    }

    void cancel(String reason) {
        post(new CancelRun(reason));
    }

    /** Cancels the run because Baton cannot go on with it, and says why (now: the store may be what is gone). */
    void stop(String why) {
        publish(List.of(new RunEvent.RunNote(runId, Instant.now(), why)));
        post(new CancelRun(why));
    }

    void cancelJob(String jobId) {
        post(new CancelJob(jobId));
    }

    private void loop() {
        ScheduledFuture<?> heartbeat = ctx.timers().scheduleWithFixedDelay(() -> {
            try {
                ctx.store().heartbeat(runId, Instant.now());
            } catch (RuntimeException e) {
                // a missed heartbeat is harmless; the next one will do
            }
        }, 1, 1, TimeUnit.SECONDS);
        ScheduledFuture<?> requestPoll = ctx.timers().scheduleWithFixedDelay(this::pollRequests, REQUEST_POLL.toMillis(),
                REQUEST_POLL.toMillis(), TimeUnit.MILLISECONDS);
        liveMetrics.start(ctx.timers());
        try {
            post(new Wake());
            List<Message> batch = new ArrayList<>();
            while (!runStatus.isTerminal() || pausedBecause != null) {
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
            for (JobState js : jobs.values()) {
                if (js.process != null && js.status == JobStatus.RUNNING) ProcessTree.terminate(js.process.pid(), ProcessTree.GRACE, ctx.timers());
            }
            done.completeExceptionally(t);
        } finally {
            heartbeat.cancel(false);
            requestPoll.cancel(false);
            liveMetrics.stop();
            slots.removeOnFree(wake);
        }
    }

    private void step(List<Message> batch) {
        Instant now = Instant.now();
        List<Change> changes = new ArrayList<>();
        List<RunEvent> events = new ArrayList<>();
        List<Runnable> afterCommit = new ArrayList<>();
        for (Message m : batch) handle(m, now, changes, events, afterCommit);
        if (pausedBecause != null && unwritten.isEmpty() && !diskNearlyFull()) goOn();
        settle(now, changes, events); // after a cancel only cleanup jobs are left to move
        if (pausedBecause == null && hasRoomToStart()) startQueued(now, changes, events, afterCommit);
        if (running == 0 && pausedBecause == null && !cancelRequested && !allEnded()) blockWhatCanNeverMove(now, changes, events);
        if (running == 0 && allEnded() && !runStatus.isTerminal()) {
            RunStatus end = finalStatus();
            changes.add(new Change.RunMoved(runId, RunStatus.RUNNING, end, now, cancelRequested ? "cancelled" : null));
            events.add(new RunEvent.RunMoved(runId, RunStatus.RUNNING, end, now));
            runStatus = end;
        }
        unwritten.addAll(changes);
        unpublished.addAll(events);
        notActedOn.addAll(afterCommit);
        if (!unwritten.isEmpty()) {
            // pids ride along with the next commit that is needed anyway: recovery can also find
            // a job's processes by the identity in their environment
            unwritten.addAll(0, pidsToRecord);
            pidsToRecord.clear();
            try {
                ctx.store().commit(unwritten);
            } catch (baton.store.StoreException e) {
                // a full disk, a store that closed itself: keep everything for the next try; a
                // cancel still ends processes now, and once nothing runs it gives up waiting
                for (var it = notActedOn.iterator(); it.hasNext(); ) {
                    Runnable r = it.next();
                    if (r instanceof Kill) {
                        it.remove();
                        r.run();
                    }
                }
                if (cancelRequested && running == 0) throw e;
                schedulePauseCheck();
                pause("cannot write the run's history to the database in " + ctx.dataDir() + " (" + e.getMessage()
                        + "): the run is paused until it can; free some disk space, or cancel the run");
                return;
            }
            unwritten.clear();
        }
        if (pausedBecause != null) {
            if (!diskNearlyFull()) {
                goOn();
                post(new Wake()); // what waited to start starts now
            } else {
                schedulePauseCheck();
            }
        }
        publish(unpublished);
        unpublished.clear();
        List<Runnable> acts = List.copyOf(notActedOn);
        notActedOn.clear();
        for (Runnable r : acts) r.run();
    }

    private void publish(List<RunEvent> events) {
        if (!events.isEmpty()) for (RunListener l : listeners) {
            try {
                l.onEvents(List.copyOf(events));
            } catch (RuntimeException e) {
                // a listener's failure must not stop the run
                System.getLogger("baton.engine").log(System.Logger.Level.WARNING, "a run listener failed", e);
            }
        }
    }

    /** Starting a job when the disk is nearly full would only fail it (or the store): pause instead. */
    private boolean hasRoomToStart() {
        if (ready.isEmpty()) return true;
        if (!diskNearlyFull()) return true;
        pause("only " + (ctx.usableSpace() >> 20) + " MB left on the disk that holds " + ctx.dataDir()
                + " (Baton keeps " + (ctx.diskReserve() >> 20) + " MB free, BATON_DISK_RESERVE): no job starts until there is room; "
                + "free some space, or cancel the run");
        return false;
    }

    private boolean diskNearlyFull() {
        return ctx.usableSpace() < ctx.diskReserve();
    }

    private void pause(String why) {
        if (pausedBecause == null || !pausedBecause.equals(why)) {
            pausedBecause = why;
            // told to listeners at once: it is about the store, so it cannot wait for a commit
            publish(List.of(new RunEvent.RunNote(runId, Instant.now(), "paused: " + why)));
        }
        schedulePauseCheck();
    }

    private void schedulePauseCheck() {
        if (!pauseCheckScheduled) {
            pauseCheckScheduled = true;
            ctx.timers().schedule(() -> {
                pauseCheckScheduled = false;
                post(new PauseCheckDue());
            }, PAUSE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void goOn() {
        pausedBecause = null;
        publish(List.of(new RunEvent.RunNote(runId, Instant.now(), "the run goes on: the database and the disk take writes again")));
    }

    static final Duration PAUSE_CHECK = Duration.ofSeconds(1);
    /** How often a run looks for requests from other Baton processes (one indexed query). */
    static final Duration REQUEST_POLL = Duration.ofMillis(500);

    private void handle(Message m, Instant now, List<Change> changes, List<RunEvent> events, List<Runnable> afterCommit) {
        switch (m) {
            case Wake w -> {}
            case PauseCheckDue p -> {}
            case Requests r -> {
                for (baton.model.RunRequest req : r.requests()) {
                    if (!requestsTaken.add(req.id())) continue;
                    String outcome = takeRequest(req, now, changes, events, afterCommit);
                    changes.add(new Change.RequestHandled(runId, req.id(), now, outcome));
                }
            }
            case MetricsRead r -> onMetricsRead(r.reading(), now, changes, events);
            case Launched l -> onLaunched(l, afterCommit);
            case HttpStarted h -> {
                JobState js = jobs.get(h.jobId());
                if (js == null || js.attempt != h.attempt() || js.status != JobStatus.RUNNING) return;
                js.http = h.call();
                if (js.cancelRequested) {
                    h.call().cancel("cancelled");
                    return;
                }
                PhaseDef phase = phases.get(js.job.phaseId());
                java.time.Duration limit = phase.http().timeout() != null ? phase.http().timeout() : phase.timeout();
                if (limit != null) {
                    String jobId = h.jobId();
                    int attempt = h.attempt();
                    js.timeout = ctx.timers().schedule(() -> post(new TimeoutDue(jobId, attempt)), limit.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            case Exited x -> onExit(x, now, changes, events);
            case RetryDue r -> {
                JobState js = jobs.get(r.jobId());
                if (js != null && js.status == JobStatus.RETRYING && js.attempt == r.attempt()) {
                    move(js, JobStatus.QUEUED, now, "retry " + (js.attempt + 1), null, null, changes, events);
                }
            }
            case TimeoutDue t -> {
                JobState js = jobs.get(t.jobId());
                if (js != null && js.status == JobStatus.RUNNING && js.attempt == t.attempt() && js.http != null && !js.timedOut) {
                    js.timedOut = true;
                    HttpPhases.Pending call = js.http;
                    PhaseDef ph = phases.get(js.job.phaseId());
                    java.time.Duration limit = ph.http().timeout() != null ? ph.http().timeout() : ph.timeout();
                    afterCommit.add(() -> call.cancel("timed out after " + baton.format.Durations.format(limit) + " waiting for the phase server"));
                } else if (js != null && js.status == JobStatus.RUNNING && js.attempt == t.attempt() && js.process != null && !js.timedOut) {
                    js.timedOut = true;
                    ProcessLauncher.Started proc = js.process;
                    afterCommit.add(new Kill(() -> {
                        proc.note("timed out after " + baton.format.Durations.format(js.limit)
                                + ": sending SIGTERM to the job's processes (SIGKILL in " + ProcessTree.GRACE.toSeconds() + "s)");
                        ProcessTree.terminate(proc.pid(), ProcessTree.GRACE, ctx.timers());
                    }));
                }
            }
            case CancelRun c -> {
                // the first cancel leaves the cleanup jobs (all needs 'when: always') to run, under a
                // short time limit, as Airflow's teardown tasks do; a second cancel ends them too
                boolean again = cancelRequested;
                cancelRequested = true;
                for (JobState js : jobs.values()) {
                    if (!again && isCleanup(js) && !js.status.isTerminal() && js.status != JobStatus.RUNNING) continue;
                    cancelOne(js, now, c.reason(), changes, events, afterCommit);
                }
            }
            case CancelJob c -> {
                JobState js = jobs.get(c.jobId());
                if (js != null) cancelOne(js, now, "cancelled by request", changes, events, afterCommit);
            }
        }
    }

    /** Carries out a request; returns what came of it, for whoever asked. */
    private String takeRequest(baton.model.RunRequest req, Instant now, List<Change> changes, List<RunEvent> events, List<Runnable> afterCommit) {
        String by = req.requestedBy() == null ? "someone" : req.requestedBy();
        if (req.kind() == baton.model.RunRequest.Kind.CANCEL && req.jobId() == null) {
            handle(new CancelRun("cancelled by " + by), now, changes, events, afterCommit);
            return "cancelled the run";
        }
        List<JobState> targets = requestTargets(req.jobId());
        if (targets.isEmpty()) return "no job or phase '" + req.jobId() + "' in this run";
        List<String> done = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (JobState js : targets) {
            String id = js.job.id();
            switch (req.kind()) {
                case CANCEL -> {
                    if (js.status.isTerminal()) refused.add(id + " had ended");
                    else {
                        cancelOne(js, now, "cancelled by " + by, changes, events, afterCommit);
                        done.add(id);
                    }
                }
                case APPROVE -> {
                    if (js.status.isTerminal() || js.status == JobStatus.RUNNING) refused.add(id + " is " + js.status.wire());
                    else {
                        approved.add(id);
                        if (js.status == JobStatus.AWAITING_APPROVAL) move(js, JobStatus.QUEUED, now, "approved by " + by, null, null, changes, events);
                        done.add(id);
                    }
                }
                case REJECT -> {
                    if (js.status != JobStatus.AWAITING_APPROVAL) refused.add(id + " is " + js.status.wire() + ", not awaiting approval");
                    else {
                        String why = "rejected by " + by;
                        move(js, JobStatus.FAILED, now, why, null, why, changes, events);
                        done.add(id);
                    }
                }
                case SKIP -> {
                    switch (js.status) {
                        case PENDING, WAITING, QUEUED, AWAITING_APPROVAL -> {
                            PhaseState ps = phaseStates.get(js.job.phaseId());
                            ps.markedDone++;
                            String why = "marked done by " + by + " without running (baton skip)";
                            move(js, JobStatus.SKIPPED, now, why, null, null, changes, events);
                            done.add(id);
                        }
                        default -> refused.add(id + " is " + js.status.wire() + ": only a job that has not started can be skipped");
                    }
                }
            }
        }
        String verb = switch (req.kind()) {
            case CANCEL -> "cancelled";
            case APPROVE -> "approved";
            case REJECT -> "rejected";
            case SKIP -> "skipped";
        };
        return (done.isEmpty() ? "nothing " + verb : verb + " " + String.join(", ", done))
                + (refused.isEmpty() ? "" : "; not " + verb + ": " + String.join(", ", refused));
    }

    /** The jobs a request names: a job id, or every job of a phase, or of a lane (a roadmap group). */
    private List<JobState> requestTargets(String name) {
        JobState one = jobs.get(name);
        if (one != null) return List.of(one);
        List<JobState> out = new ArrayList<>();
        for (JobState js : jobs.values()) {
            PhaseDef p = phases.get(js.job.phaseId());
            if (js.job.phaseId().equals(name) || name.equals(p.lane()) || name.equals(p.env().get("TASK_GROUP"))) out.add(js);
        }
        return out;
    }

    /** Looks for requests in the store (made by this or another Baton process); they come back as a message. */
    void pollRequests() {
        try {
            List<baton.model.RunRequest> open = ctx.store().openRequests(runId);
            if (!open.isEmpty()) post(new Requests(open));
        } catch (RuntimeException e) {
            // the store is unreachable for a moment (a paused run says so itself); the next poll will do
            System.getLogger("baton.engine").log(System.Logger.Level.DEBUG, "polling requests of " + runId + " failed", e);
        }
    }

    private void cancelOne(JobState js, Instant now, String reason, List<Change> changes, List<RunEvent> events, List<Runnable> afterCommit) {
        switch (js.status) {
            case PENDING, WAITING, QUEUED, RETRYING, AWAITING_APPROVAL -> move(js, JobStatus.CANCELLED, now, reason, null, null, changes, events);
            case RUNNING -> {
                if (!js.cancelRequested) {
                    js.cancelRequested = true;
                    HttpPhases.Pending call = js.http;
                    if (call != null) afterCommit.add(() -> call.cancel(reason + ": the phase server is not told"));
                    ProcessLauncher.Started proc = js.process;
                    if (proc != null) afterCommit.add(new Kill(() -> {
                        proc.note(reason + ": sending SIGTERM to the job's processes (SIGKILL in " + ProcessTree.GRACE.toSeconds() + "s)");
                        ProcessTree.terminate(proc.pid(), ProcessTree.GRACE, ctx.timers());
                    }));
                }
            }
            default -> {}
        }
    }

    /** A live reading counts only while its attempt runs: at the attempt's end the final read wins. */
    private void onMetricsRead(LiveMetrics.Reading r, Instant now, List<Change> changes, List<RunEvent> events) {
        JobState js = jobs.get(r.jobId());
        if (js == null || js.status != JobStatus.RUNNING || js.attempt != r.attempt()) return;
        js.liveMetrics = r.metrics();
        changes.add(new Change.MetricsRecorded(runId, r.jobId(), r.attempt(), r.metrics()));
        events.add(new RunEvent.MetricsChanged(runId, r.jobId(), r.attempt(), r.metrics(), now));
    }

    private void onExit(Exited x, Instant now, List<Change> changes, List<RunEvent> events) {
        liveMetrics.unwatch(x.jobId(), x.attempt());
        JobState js = jobs.get(x.jobId());
        if (js == null || js.status != JobStatus.RUNNING || js.attempt != x.attempt()) return;
        running--;
        slots.release(wake);
        if (js.timeout != null) js.timeout.cancel(false);
        PhaseDef phase = phases.get(js.job.phaseId());
        JobStatus result;
        String error = x.error();
        if (js.cancelRequested) {
            result = JobStatus.CANCELLED;
            error = "cancelled";
        } else if (js.timedOut) {
            result = JobStatus.TIMED_OUT;
            java.time.Duration limit = phase.http() != null && phase.http().timeout() != null ? phase.http().timeout() : js.limit;
            error = "timed out after " + baton.format.Durations.format(limit);
        } else if (x.exitCode() != null && x.exitCode() == 0 && error == null) {
            result = JobStatus.SUCCEEDED;
        } else {
            result = JobStatus.FAILED;
            if (error == null) error = "exit code " + x.exitCode();
        }
        JobResults.Results said = JobResults.read(ctx.attemptDir(runId, js.job.id(), js.attempt), ctx.runDir(runId), JobEnvironment.cwd(def, phase),
                phase.artifacts(), phase.contract() == null || result != JobStatus.SUCCEEDED ? null
                        : Path.of(def.baseDir() == null ? "." : def.baseDir()).resolve(phase.contract()), js.attempt,
                artifactVars(js), js.startedAt);
        if (said.contractError() != null) {
            result = JobStatus.FAILED;
            error = said.contractError();
        }
        if (!said.outputs().isEmpty()) {
            js.outputs = said.outputs();
            anyOutputs = true;
            changes.add(new Change.OutputsRecorded(runId, js.job.id(), said.outputs()));
        }
        if (!said.metrics().isEmpty() || !js.liveMetrics.isEmpty()) {
            // the final read wins over the live ones, even when the job emptied its file
            changes.add(new Change.MetricsRecorded(runId, js.job.id(), js.attempt, said.metrics()));
            if (!said.metrics().equals(js.liveMetrics)) events.add(new RunEvent.MetricsChanged(runId, js.job.id(), js.attempt, said.metrics(), now));
            js.liveMetrics = Map.of();
        }
        if (!said.artifacts().isEmpty()) {
            js.artifacts = said.artifacts();
            anyOutputs = true;
            changes.add(new Change.ArtifactsRecorded(runId, js.job.id(), said.artifacts()));
        }
        if (!said.warnings().isEmpty()) changes.add(new Change.WarningsRecorded(runId, js.job.id(), js.attempt, said.warnings()));
        changes.add(new Change.AttemptEnded(runId, js.job.id(), js.attempt, result, x.at(), x.exitCode(), error, x.logSize()));
        boolean retry = result.isFailure() && js.attemptsThisPass <= phase.retries().max() && !cancelRequested;
        if (!retry && result != JobStatus.CANCELLED) {
            String spawnError = takeSpawns(js, now, changes, events);
            if (spawnError != null) {
                result = JobStatus.FAILED;
                error = spawnError;
            } else if (supersededBy.containsKey(js.job.id()) && result.isFailure()) {
                error = error + "; superseded by " + supersededBy.get(js.job.id()) + ", whose outcome counts instead";
            }
        }
        if (retry) {
            move(js, JobStatus.RETRYING, now, error, x.exitCode(), error, changes, events);
            Duration wait = phase.retries().delayBefore(js.attemptsThisPass + 1);
            if (wait.isZero()) {
                move(js, JobStatus.QUEUED, now, "retry " + (js.attempt + 1), null, null, changes, events);
            } else {
                int attempt = js.attempt;
                ctx.timers().schedule(() -> post(new RetryDue(js.job.id(), attempt)), wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        } else {
            move(js, result, now, error, x.exitCode(), error, changes, events);
        }
    }

    /**
     * Lets every phase whose needs changed move its waiting jobs, and tells dependents about
     * phases that just ended, until nothing changes (a skip or a block can cascade).
     */
    private void settle(Instant now, List<Change> changes, List<RunEvent> events) {
        while (!touched.isEmpty() || !dirty.isEmpty()) {
            while (!touched.isEmpty()) {
                PhaseState ps = touched.poll();
                ps.touched = false;
                Decider.Outcome o = ps.outcome();
                boolean ended = o != Decider.Outcome.NOT_ENDED;
                if (ended && !ps.reportedEnded) {
                    ps.reportedEnded = true;
                    ps.reported = o;
                    for (PhaseState.Link l : ps.downstream) markDirty(l.down()).needEnded(l, o);
                    expandFanOuts(ps, now, changes, events);
                } else if (!ended && ps.reportedEnded) {
                    ps.reportedEnded = false;
                    for (PhaseState.Link l : ps.downstream) markDirty(l.down()).recountNeeds();
                }
            }
            while (!dirty.isEmpty()) {
                PhaseState ps = dirty.poll();
                ps.dirty = false;
                JobStatus target = ps.target();
                for (String jobId : ps.jobs) {
                    JobState js = jobs.get(jobId);
                    if ((js.status == JobStatus.PENDING || js.status == JobStatus.WAITING) && js.status != target) {
                        JobStatus to = target;
                        String why = ps.targetReason(target);
                        if (to == JobStatus.QUEUED && ps.def.approve() != null && !autoApprove && !approved.contains(jobId)) {
                            to = JobStatus.AWAITING_APPROVAL;
                            why = "approve: " + ps.def.approve().strip();
                        }
                        move(js, to, now, why, null, to == JobStatus.BLOCKED ? why : null, changes, events);
                    }
                }
            }
        }
    }

    /** Phases whose tally changed (they may have ended) and phases whose needs changed (their jobs may move). */
    private final ArrayDeque<PhaseState> touched = new ArrayDeque<>();
    private final ArrayDeque<PhaseState> dirty = new ArrayDeque<>();

    private PhaseState markTouched(PhaseState ps) {
        if (!ps.touched) {
            ps.touched = true;
            touched.add(ps);
        }
        return ps;
    }

    private PhaseState markDirty(PhaseState ps) {
        if (!ps.dirty) {
            ps.dirty = true;
            dirty.add(ps);
        }
        return ps;
    }

    /**
     * Fan-outs by the phase whose output they loop over. Not the dependency links: the phase may
     * be upstream of the fan-out only through others (it needs B, B needs A), and the fan-out
     * must still hear when A ends, or it would wait for its items forever.
     */
    private final Map<String, List<PhaseState>> fanOutsOver = new HashMap<>();
    /** Phases skipped as done in an earlier run (--resume, or before --from/--only, with the outputs they made then). */
    private final Set<String> doneEarlier = new HashSet<>();

    private void registerFanOut(PhaseState ps) {
        if (ps.open && ps.def.foreach() instanceof Foreach.Output fo) {
            fanOutsOver.computeIfAbsent(fo.phase(), k -> new ArrayList<>()).add(ps);
        }
    }

    /** A fan-out over an output of {@code ended} gets its jobs now that the output is known. */
    private void expandFanOuts(PhaseState ended, Instant now, List<Change> changes, List<RunEvent> events) {
        for (PhaseState ps : fanOutsOver.getOrDefault(ended.def.id(), List.of())) {
            if (!ps.open || !(ps.def.foreach() instanceof Foreach.Output fo) || !fo.phase().equals(ended.def.id())) continue;
            List<String> items = null;
            // a phase done in an earlier run is skipped here, but its jobs carry the outputs they made then
            boolean doneBefore = ended.reported == Decider.Outcome.SWITCHED_OFF && doneEarlier.contains(ended.def.id());
            if (ended.reported == Decider.Outcome.SUCCESS || ended.reported == Decider.Outcome.SOFT_FAILURE || doneBefore) {
                items = new ArrayList<>();
                for (String upJob : ended.jobs) {
                    String value = jobs.get(upJob).outputs.get(fo.key());
                    if (value != null) items.addAll(Items.parse(value));
                }
            }
            ps.open = false;
            markTouched(ps);
            List<NewJob> added = new ArrayList<>();
            if (items != null && items.size() > Engine.MAX_FOREACH) {
                // one stand-in job that fails with the reason, through the usual path
                NewJob standIn = newJob(ps.def.id(), null, null);
                jobs.get(standIn.id()).refusal = "foreach over " + items.size() + " items of " + fo.phase() + "." + fo.key()
                        + " is over the limit of " + Engine.MAX_FOREACH + " jobs per fan-out";
                added.add(standIn);
            } else if (items == null) {
                // the upstream did not succeed: one stand-in job that the rules will block or skip
                added.add(newJob(ps.def.id(), null, null));
            } else {
                for (int i = 0; i < items.size(); i++) added.add(newJob(ps.def.id(), items.get(i), i));
            }
            changes.add(new Change.JobsAdded(runId, added, now));
            for (NewJob nj : added) events.add(new RunEvent.JobAdded(runId, nj.id(), ps.def.id(), now));
        }
    }

    private NewJob newJob(String phaseId, String item, Integer index) {
        PlannedJob pj = new PlannedJob(PlannedJob.idOf(phaseId, index), phaseId, item, index, nextSeq);
        if (jobs.containsKey(pj.id())) throw new IllegalStateException("job " + pj.id() + " exists already");
        addJob(pj, JobStatus.PENDING, 0);
        return new NewJob(pj.id(), phaseId, pj.seq(), item, index, phases.get(phaseId).laneOrId());
    }

    private void startQueued(Instant now, List<Change> changes, List<RunEvent> events, List<Runnable> afterCommit) {
        while (!ready.isEmpty()) {
            JobState js = ready.peek();
            if (js.status != JobStatus.QUEUED) {
                ready.poll();
                continue;
            }
            if (!slots.tryAcquire()) return;
            ready.poll();
            running++;
            js.attempt++;
            js.attemptsThisPass++;
            js.timedOut = false;
            js.cancelRequested = false;
            js.process = null;
            js.http = null;
            js.startedAt = now;
            move(js, JobStatus.RUNNING, now, null, null, null, changes, events);
            Path attemptDir = ctx.attemptDir(runId, js.job.id(), js.attempt);
            Path log = attemptDir.resolve("log");
            changes.add(new Change.AttemptStarted(runId, js.job.id(), js.attempt, now, 0, log.toString()));
            PlannedJob job = js.job;
            int attempt = js.attempt;
            if (js.refusal != null) {
                String why = js.refusal;
                afterCommit.add(() -> post(new Exited(job.id(), attempt, null, 0, why, Instant.now())));
                continue;
            }
            String upstream = upstreamJson(job);
            afterCommit.add(() -> ctx.launchers().execute(() -> launch(job, attempt, attemptDir, log, upstream)));
        }
    }

    /**
     * Prepares and starts one attempt on a launcher thread, so the coordinator goes on deciding
     * while processes start; the result comes back as a message like everything else.
     */
    private void launch(PlannedJob job, int attempt, Path attemptDir, Path log, String upstream) {
        PhaseDef phase = phases.get(job.phaseId());
        String jobId = job.id();
        Map<String, String> env;
        try {
            baton.store.OwnerOnly.createDirectories(attemptDir);
            env = JobEnvironment.build(ctx.baseEnv(), ctx.instance(), def, phase, params, runId, job, attempt, input, runDir, attemptDir);
            if (upstream.equals("{}")) {
                // nothing upstream said anything: one shared empty document instead of a file per job
                Path empty = runDir.resolve("upstream-empty.json");
                if (!Files.exists(empty)) writeOwnerOnly(empty, "{}");
                env.put("BATON_UPSTREAM", empty.toString());
            } else {
                writeOwnerOnly(attemptDir.resolve("upstream.json"), upstream);
            }
        } catch (IOException e) {
            post(new Exited(jobId, attempt, null, 0, "cannot prepare the job's folder: " + e.getMessage(), Instant.now()));
            return;
        }
        if (phase.http() != null) {
            HttpPhases.Pending call = ctx.http().start(phase.http(), runId, job, attempt, params, env, input, attemptDir, log, ctx.logCap(),
                    (code, size, error) -> post(new Exited(jobId, attempt, code, size, error, Instant.now())));
            post(new HttpStarted(jobId, attempt, call));
            return;
        }
        Path cwd = JobEnvironment.cwd(def, phase);
        ctx.launcher().run(new ProcessLauncher.Launch(phase.run(), cwd, env, log, ctx.logCap()),
                proc -> post(new Launched(jobId, attempt, proc, Instant.now())),
                (code, size, error) -> post(new Exited(jobId, attempt, code, size, error, Instant.now())));
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        try (var ch = Files.newByteChannel(file, Set.of(java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING), baton.store.OwnerOnly.fileAttributes())) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void onLaunched(Launched l, List<Runnable> afterCommit) {
        JobState js = jobs.get(l.jobId());
        ProcessLauncher.Started proc = l.process();
        pidsToRecord.add(new Change.AttemptSpawned(runId, l.jobId(), l.attempt(), proc.pid(), l.at()));
        if (js == null || js.attempt != l.attempt() || js.status != JobStatus.RUNNING) return; // it already ended
        js.process = proc;
        liveMetrics.watch(l.jobId(), l.attempt(), ctx.attemptDir(runId, l.jobId(), l.attempt()).resolve("metrics"));
        if (js.cancelRequested) {
            afterCommit.add(() -> ProcessTree.terminate(proc.pid(), ProcessTree.GRACE, ctx.timers()));
            return;
        }
        PhaseDef phase = phases.get(js.job.phaseId());
        js.limit = phase.timeout();
        if (cancelRequested && (js.limit == null || js.limit.compareTo(CLEANUP_LIMIT) > 0)) js.limit = CLEANUP_LIMIT;
        if (js.limit != null) {
            String jobId = l.jobId();
            int attempt = l.attempt();
            js.timeout = ctx.timers().schedule(() -> post(new TimeoutDue(jobId, attempt)), js.limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private int spawnedJobs;
    /** A spawned phase's id holds its spawner's: bounded so nested spawns fit the store's id columns (1000). */
    static final int MAX_SPAWNED_ID_LENGTH = 500;

    /** Takes in the job's BATON_SPAWN file, if it wrote one; returns why it was refused, or null. */
    private String takeSpawns(JobState js, Instant now, List<Change> changes, List<RunEvent> events) {
        Path file = ctx.attemptDir(runId, js.job.id(), js.attempt).resolve("spawn");
        String text;
        try {
            if (!Files.isRegularFile(file)) return null;
            if (Files.size(file) > 1 << 20) return "BATON_SPAWN: the file is over 1 MB; spawn fewer, larger phases";
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "BATON_SPAWN: cannot read " + file + ": " + e.getMessage();
        }
        if (text.isBlank()) return null;
        List<baton.format.SpawnedPhase> defs;
        try {
            defs = baton.format.PipelineLoader.parseSpawnLines("BATON_SPAWN", text, def);
        } catch (baton.format.LoadException e) {
            int line = e.problems().getFirst().line();
            List<String> msgs = e.problems().stream().filter(pr -> pr.line() == line).map(pr -> pr.message()).toList();
            return "BATON_SPAWN line " + line + ": " + String.join("; ", msgs) + " (nothing from this file was spawned)";
        }
        String error = addSpawned(js.job.id(), js.job.phaseId(), defs, now, changes, events, true);
        if (error == null) changes.add(new Change.PhasesSpawned(runId, js.job.id(), text));
        return error == null ? null : "BATON_SPAWN: " + error + " (nothing from this file was spawned)";
    }

    /**
     * Adds spawned phases to the run: ids prefixed with the spawner's job id, needs on phases of
     * the same file rewritten, and every phase that needed the spawner made to wait for them too.
     * Checks everything first, so a refused file adds nothing.
     */
    private String addSpawned(String spawnerJob, String spawnerPhase, List<baton.format.SpawnedPhase> spawned, Instant now,
                              List<Change> changes, List<RunEvent> events, boolean withJobs) {
        String prefix = spawnerJob + "/";
        List<PhaseDef> defs = spawned.stream().map(baton.format.SpawnedPhase::def).toList();
        String superseding = spawned.stream().filter(baton.format.SpawnedPhase::supersedes).map(sp -> prefix + sp.def().id()).findFirst().orElse(null);
        PhaseState spawnerState = phaseStates.get(spawnerPhase);
        if (superseding != null && spawnerState != null && spawnerState.def.foreach() != null) {
            return "'supersedes' replaces a phase of one job; " + spawnerPhase + " has one job per item";
        }
        Map<String, String> local = new LinkedHashMap<>();
        for (PhaseDef d : defs) {
            String why = baton.format.PipelineValidator.idProblem("phase", d.id());
            if (why != null) return why;
            if ((prefix + d.id()).length() > MAX_SPAWNED_ID_LENGTH) {
                return "phase '" + d.id() + "' would get the id '" + prefix.substring(0, 40) + "…" + d.id() + "', " + (prefix + d.id()).length()
                        + " characters long; spawned ids are limited to " + MAX_SPAWNED_ID_LENGTH + ": spawn less deeply or use shorter ids";
            }
            if (local.put(d.id(), prefix + d.id()) != null) return "phase '" + d.id() + "' appears twice";
            if (phases.containsKey(prefix + d.id())) return "phase '" + prefix + d.id() + "' is already in the run";
        }
        List<PhaseDef> renamed = new ArrayList<>();
        int newJobs = 0;
        for (PhaseDef d : defs) {
            List<baton.model.Need> needs = new ArrayList<>();
            for (baton.model.Need n : d.needs()) {
                String target = local.containsKey(n.phase()) ? local.get(n.phase()) : phases.containsKey(n.phase()) ? n.phase() : null;
                if (target == null) {
                    List<String> known = new ArrayList<>(local.keySet());
                    known.addAll(phases.keySet());
                    return "phase '" + d.id() + "' needs unknown phase '" + n.phase() + "'" + baton.format.Suggest.hint(n.phase(), known);
                }
                if (target.equals(prefix + d.id())) return "phase '" + d.id() + "' needs itself";
                needs.add(new baton.model.Need(target, n.when(), n.pos()));
            }
            renamed.add(d.renamed(prefix + d.id(), needs));
            newJobs += switch (d.foreach()) {
                case null -> 1;
                case Foreach.Literal l -> l.items().size();
                case Foreach.Param fp -> Items.parse(params.getOrDefault(fp.name(), "")).size();
                case Foreach.Output o -> 0;
            };
        }
        String cycle = cycleIn(renamed, local);
        if (cycle != null) return "cycle in needs: " + cycle;
        if (withJobs && spawnedJobs + newJobs > def.maxSpawn()) {
            return "max_spawn (" + def.maxSpawn() + ") reached: this run has spawned " + spawnedJobs + " job(s) and this file asks for "
                    + newJobs + " more";
        }
        spawnedJobs += newJobs;
        PhaseState spawner = phaseStates.get(spawnerPhase);
        List<PhaseState.Link> waiting = spawner == null ? List.of() : List.copyOf(spawner.downstream);
        List<PhaseState> added = new ArrayList<>();
        for (PhaseDef d : renamed) {
            phases.put(d.id(), d);
            PhaseState ps = new PhaseState(d, false, d.foreach() instanceof Foreach.Output);
            phaseStates.put(d.id(), ps);
            registerFanOut(ps);
            added.add(ps);
            for (baton.model.Need n : d.needs()) {
                PhaseState.Link link = new PhaseState.Link(n, phaseStates.get(n.phase()), ps);
                ps.upstream.add(link);
                link.up().downstream.add(link);
            }
            ps.recountNeeds();
            markTouched(ps);
            markDirty(ps);
        }
        // what needed the spawner waits for what it spawned; with a superseding phase, it stops
        // waiting for the spawner and asks of that phase what it asked of the spawner
        for (PhaseState.Link l : waiting) {
            for (PhaseState ps : added) {
                boolean replaces = ps.def.id().equals(superseding);
                baton.model.Need need = replaces ? new baton.model.Need(ps.def.id(), l.need().when(), l.need().pos())
                        : baton.model.Need.success(ps.def.id());
                PhaseState.Link link = new PhaseState.Link(need, ps, l.down());
                l.down().upstream.add(link);
                ps.downstream.add(link);
            }
            if (superseding != null) {
                l.down().upstream.remove(l);
                spawnerState.downstream.remove(l);
            }
            l.down().recountNeeds();
            markDirty(l.down());
        }
        if (superseding != null) supersededBy.put(spawnerJob, superseding);
        if (!withJobs) return null;
        List<NewJob> newJobList = new ArrayList<>();
        for (PhaseDef d : renamed) {
            List<String> items = switch (d.foreach()) {
                case null -> null;
                case Foreach.Literal l -> l.items();
                case Foreach.Param fp -> Items.parse(params.getOrDefault(fp.name(), ""));
                case Foreach.Output o -> List.of();
            };
            if (items == null) newJobList.add(newJob(d.id(), null, null));
            else if (!(d.foreach() instanceof Foreach.Output)) for (int i = 0; i < items.size(); i++) newJobList.add(newJob(d.id(), items.get(i), i));
        }
        if (!newJobList.isEmpty()) {
            changes.add(new Change.JobsAdded(runId, newJobList, now));
            for (NewJob nj : newJobList) events.add(new RunEvent.JobAdded(runId, nj.id(), nj.phaseId(), now));
        }
        return null;
    }

    /** A cycle among the phases of one spawn file, printed a -> b -> a, or null. */
    private static String cycleIn(List<PhaseDef> defs, Map<String, String> local) {
        Map<String, PhaseDef> byId = new HashMap<>();
        for (PhaseDef d : defs) byId.put(d.id(), d);
        Map<String, Integer> state = new HashMap<>();
        for (PhaseDef d : defs) {
            List<String> path = new ArrayList<>();
            String c = visit(d, byId, state, path);
            if (c != null) return c;
        }
        return null;
    }

    private static String visit(PhaseDef d, Map<String, PhaseDef> byId, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(d.id());
        if (s != null && s == 2) return null;
        if (s != null && s == 1) {
            List<String> cyc = new ArrayList<>(path.subList(path.indexOf(d.id()), path.size()));
            cyc.add(d.id());
            java.util.Collections.reverse(cyc);
            return String.join(" -> ", cyc);
        }
        state.put(d.id(), 1);
        path.add(d.id());
        for (baton.model.Need n : d.needs()) {
            PhaseDef up = byId.get(n.phase());
            if (up != null) {
                String c = visit(up, byId, state, path);
                if (c != null) return c;
            }
        }
        path.removeLast();
        state.put(d.id(), 2);
        return null;
    }

    /**
     * The BATON_UPSTREAM document of a job: outputs (and artifacts) of every job upstream of it,
     * direct or transitive, keyed by phase id and by job id. Jobs that said nothing are left out.
     */
    private String upstreamJson(PlannedJob job) {
        if (!anyOutputs) return "{}";
        com.fasterxml.jackson.databind.node.ObjectNode doc = UPSTREAM_JSON.createObjectNode();
        java.util.ArrayDeque<PhaseState> todo = new java.util.ArrayDeque<>();
        Set<PhaseState> seen = new java.util.HashSet<>();
        todo.add(phaseStates.get(job.phaseId()));
        while (!todo.isEmpty()) {
            for (PhaseState.Link l : todo.pop().upstream) {
                if (!seen.add(l.up())) continue;
                todo.add(l.up());
                for (String upJob : l.up().jobs) {
                    JobState us = jobs.get(upJob);
                    if (us.outputs.isEmpty() && us.artifacts.isEmpty()) continue;
                    com.fasterxml.jackson.databind.node.ObjectNode o = UPSTREAM_JSON.createObjectNode();
                    us.outputs.forEach(o::put);
                    if (!us.artifacts.isEmpty()) {
                        var arr = o.putArray("artifacts");
                        for (var a : us.artifacts) {
                            var ao = arr.addObject().put("path", JobEnvironment.cwd(def, phases.get(us.job.phaseId())).resolve(a.path()).toString())
                                    .put("size", a.size()).put("sha256", a.sha256());
                            if (a.isLink()) ao.put("link", a.linkTarget());
                        }
                    }
                    doc.set(upJob, o);
                    // a phase of one job is also found by the phase id
                    if (l.up().jobs.size() == 1 && !upJob.equals(l.up().def.id())) doc.set(l.up().def.id(), o);
                }
            }
        }
        return doc.toString();
    }

    private Map<String, String> artifactVars(JobState js) {
        Map<String, String> v = new java.util.HashMap<>(params);
        v.put("BATON_JOB_ID", js.job.id());
        v.put("BATON_PHASE_ID", js.job.phaseId());
        v.put("BATON_ATTEMPT", Integer.toString(js.attempt));
        if (js.job.index() != null) {
            v.put("BATON_ITEM", js.job.item());
            v.put("BATON_INDEX", Integer.toString(js.job.index()));
        }
        return v;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper UPSTREAM_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private void move(JobState js, JobStatus to, Instant now, String reason, Integer exitCode, String error,
                      List<Change> changes, List<RunEvent> events) {
        JobStatus from = js.status;
        baton.model.JobTransitions.check(from, to);
        js.status = to;
        PhaseState ps = phaseStates.get(js.job.phaseId());
        ps.count(from, -1);
        ps.count(to, 1);
        markTouched(ps);
        if (from.isTerminal() != to.isTerminal()) notEndedJobs += to.isTerminal() ? -1 : 1;
        if (to == JobStatus.QUEUED) ready.add(js);
        changes.add(new Change.JobMoved(runId, js.job.id(), from, to, js.attempt, now, reason, exitCode, error));
        events.add(new RunEvent.JobMoved(runId, js.job.id(), js.job.phaseId(), from, to, js.attempt, now, reason));
    }

    /**
     * The watchdog against a run that waits forever: when nothing runs, nothing is queued or
     * waiting for a retry, and jobs still wait, nothing will ever wake them. That is a Baton bug
     * (the rules left a need unanswered); rather than hang, those jobs are blocked with a reason
     * that says so, and the run ends.
     */
    private void blockWhatCanNeverMove(Instant now, List<Change> changes, List<RunEvent> events) {
        List<JobState> stuck = new ArrayList<>();
        for (JobState js : jobs.values()) {
            switch (js.status) {
                case QUEUED, RETRYING, RUNNING, AWAITING_APPROVAL -> {
                    return; // something (or someone) can still move the run
                }
                case PENDING, WAITING -> stuck.add(js);
                default -> {}
            }
        }
        List<String> openPhases = new ArrayList<>();
        for (PhaseState ps : phaseStates.values()) if (ps.open) openPhases.add(ps.def.id());
        if (stuck.isEmpty() && openPhases.isEmpty()) return;
        String why = "stalled: nothing left in the run can end what this job waits for"
                + (openPhases.isEmpty() ? "" : " (fan-outs never expanded: " + String.join(", ", openPhases) + ")")
                + "; this is a Baton bug, please report it with the pipeline";
        System.getLogger("baton.engine").log(System.Logger.Level.ERROR, "run " + runId + ": " + why);
        for (PhaseState ps : phaseStates.values()) {
            if (ps.open) {
                ps.open = false; // its stand-in job is blocked below, through the usual path
                markTouched(ps);
                NewJob standIn = newJob(ps.def.id(), null, null);
                changes.add(new Change.JobsAdded(runId, List.of(standIn), now));
                events.add(new RunEvent.JobAdded(runId, standIn.id(), ps.def.id(), now));
                stuck.add(jobs.get(standIn.id()));
            }
        }
        for (JobState js : stuck) move(js, JobStatus.BLOCKED, now, why, null, why, changes, events);
    }

    private boolean allEnded() {
        if (notEndedJobs > 0) return false;
        if (cancelRequested) return true;
        for (PhaseState ps : phaseStates.values()) if (ps.open) return false;
        return true;
    }

    /** How long a cleanup job may run once its run was cancelled (less if its phase says so). */
    static final Duration CLEANUP_LIMIT = Duration.ofSeconds(30);

    /**
     * A cleanup job: every need of its phase is {@code when: always} (it runs whatever happened,
     * a cancel included). Markdown tasks never are: a roadmap chains the tasks of a group with a
     * concurrency limit by 'always' needs, which is ordering, not cleanup.
     */
    private boolean isCleanup(JobState js) {
        PhaseDef phase = phases.get(js.job.phaseId());
        if (phase.env().containsKey("TASK_ID")) return false;
        List<baton.model.Need> needs = phase.needs();
        return !needs.isEmpty() && needs.stream().allMatch(n -> n.when() == baton.model.When.ALWAYS);
    }

    /** Jobs whose outcome a spawned phase replaced ({@code supersedes}): their failure does not fail the run. */
    private final Map<String, String> supersededBy = new HashMap<>();

    private RunStatus finalStatus() {
        if (cancelRequested) return RunStatus.CANCELLED;
        for (JobState js : jobs.values()) {
            if (supersededBy.containsKey(js.job.id())) continue;
            switch (js.status) {
                case BLOCKED, CANCELLED -> { return RunStatus.FAILED; }
                case FAILED, TIMED_OUT -> {
                    if (phases.get(js.job.phaseId()).fatal()) return RunStatus.FAILED;
                }
                default -> {}
            }
        }
        return RunStatus.SUCCEEDED;
    }
}
