package baton.engine;

import baton.engine.exec.InstanceId;
import baton.engine.executor.LocalExecutor;
import baton.engine.http.HttpExecutor;
import baton.engine.http.HttpPhases;
import baton.engine.plan.DryRun;
import baton.engine.plan.EarlierRuns;
import baton.engine.plan.RunResolver;
import baton.engine.plan.StoredDefinition;
import baton.engine.recover.OrphanRecovery;
import baton.engine.recover.Ownership;
import baton.engine.recover.Restarts;
import baton.engine.run.JobsAtStart;
import baton.engine.run.RunContext;
import baton.engine.run.RunCoordinator;
import baton.engine.run.SlotPool;
import baton.engine.slurm.SlurmExecutor;
import baton.engine.trust.Trust;
import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.format.Suggest;
import baton.model.AttemptRecord;
import baton.model.Foreach;
import baton.model.JobRecord;
import baton.model.PipelineDef;
import baton.model.RunId;
import baton.model.RunPlan;
import baton.model.RunRecord;
import baton.model.RunRequest;
import baton.model.RunStatus;
import baton.model.StateChange;
import baton.model.TrustFingerprint;
import baton.store.DataDirStore;
import baton.store.NewJob;
import baton.store.NewRun;
import baton.store.RunStore;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The engine of one Baton process: starts runs, drives them, and answers questions about
 * stored ones. The command line and the window both stand on this. What a run will be is worked
 * out in {@code plan}, a live run is driven in {@code run}, a stopped one is brought back in
 * {@code recover}; this class wires them and keeps the runs this process drives.
 */
public final class Engine implements AutoCloseable {
    public static final long DEFAULT_LOG_CAP = RunContext.DEFAULT_LOG_CAP;
    /** The most jobs one fan-out may make: past it the run refuses (or the stand-in job fails) with a reason. */
    public static final int MAX_FOREACH = Foreach.MAX_ITEMS;
    public static final Duration STALE_AFTER = Ownership.STALE_AFTER;

    private final RunStore store;
    private final Path dataDir;
    private final ScheduledExecutorService timers;
    private final ExecutorService launchers;
    private final HttpPhases http = new HttpPhases();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final baton.engine.executor.Executors executors;
    private final SlurmExecutor slurm;
    private final RunContext ctx;
    private final Ownership ownership = new Ownership();
    private final OrphanRecovery recovery;
    private final Restarts restarts;
    /** What opening the data directory found worth telling the user (tightened permissions, processes that would not end). */
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final Map<RunId, LiveRun> live = new ConcurrentHashMap<>();
    private volatile SlotPool machine;
    /** Why this engine cannot go on (its data directory went away), or null. */
    private volatile String lost;

    public Engine(RunStore store, Path dataDir) {
        this(store, dataDir, logCapFrom(System.getenv("BATON_LOG_CAP")));
    }

    /** BATON_LOG_CAP: bytes, or with a K, M or G suffix; the default is 1 GB. */
    static long logCapFrom(String v) {
        return RunContext.logCapFrom(v);
    }

    public Engine(RunStore store, Path dataDir, long logCap) {
        this.store = store;
        this.dataDir = dataDir.toAbsolutePath();
        this.timers = Executors.newScheduledThreadPool(1, Thread.ofPlatform().name("baton-timers").daemon(true).factory());
        this.launchers = Executors.newCachedThreadPool(Thread.ofPlatform().name("baton-launch").daemon(true).factory());
        String instance = InstanceId.of(this.dataDir);
        this.slurm = new SlurmExecutor(System.getenv(), instance);
        this.executors = new baton.engine.executor.Executors(List.of(new LocalExecutor(timers), new HttpExecutor(http), slurm));
        this.ctx = new RunContext(store, this.dataDir, RunContext.diskOf(this.dataDir), instance, executors, timers, launchers,
                Map.copyOf(System.getenv()), logCap, RunContext.diskReserveFrom(System.getenv()));
        this.recovery = new OrphanRecovery(store, instance, ownership, executors, notes::add);
        this.restarts = new Restarts(store, instance, ownership, executors);
        DataDirWatch watch = new DataDirWatch(this.dataDir, this::stopAll);
        timers.scheduleWithFixedDelay(watch::check, 1, 1, TimeUnit.SECONDS);
    }

    /** Opens the store in {@code dataDir}; throws {@link baton.store.StoreException} with a one-line reason. */
    public static Engine open(Path dataDir) {
        return open(dataDir, logCapFrom(System.getenv("BATON_LOG_CAP")));
    }

    public static Engine open(Path dataDir, long logCap) {
        DataDirStore.Opened opened = DataDirStore.open(dataDir);
        Engine e = new Engine(opened.store(), dataDir, logCap);
        if (opened.tightened() > 0) {
            int n = opened.tightened();
            e.notes.add("note: " + n + (n == 1 ? " file or folder" : " files and folders") + " in " + dataDir
                    + " were readable by other users; they are now yours alone (0700 folders, 0600 files)");
        }
        e.recoverOrphans();
        return e;
    }

    /**
     * Caps the jobs running at once across every run of this engine (the service's max_jobs);
     * each run's own concurrency caps it further. Null: no machine-wide cap.
     */
    public void limitMachine(SlotPool machine) {
        this.machine = machine;
    }

    /** A run's slots: its own limit, inside the machine's when there is one. */
    public SlotPool runSlots(int limit) {
        return new SlotPool(limit, machine);
    }

    /** Things the user should hear about once (the CLI prints them on stderr, the window in its status bar). */
    public List<String> takeNotes() {
        List<String> out = List.copyOf(notes);
        notes.clear();
        return out;
    }

    /** This data directory's id, which every job process carries as {@code BATON_INSTANCE}. */
    public String instanceId() {
        return ctx.instance();
    }

    public Path dataDir() {
        return dataDir;
    }

    public LiveRun start(LoadedPipeline pipeline, RunOptions options, List<RunListener> listeners) throws RunRefused {
        return start(pipeline, options, listeners, runSlots(options.concurrencyFor(pipeline.definition())));
    }

    /** Starts a run drawing on a shared pool of slots (the runs of one batch share one limit). */
    public LiveRun start(LoadedPipeline pipeline, RunOptions options, List<RunListener> listeners, SlotPool slots) throws RunRefused {
        return start(pipeline, options, listeners, slots, null);
    }

    /**
     * As {@link #start(LoadedPipeline, RunOptions, List, SlotPool)}, its jobs starting from
     * {@code environment} (the environment of the client that asked; null: this process's own).
     */
    public LiveRun start(LoadedPipeline pipeline, RunOptions options, List<RunListener> listeners, SlotPool slots,
                         Map<String, String> environment) throws RunRefused {
        if (lost != null) throw new RunRefused(lost);
        PipelineDef def = pipeline.definition();
        checkExecutors(def, options.executor());
        RunResolver.Resolved resolved = RunResolver.resolve(pipeline, options, earlierRuns(), slots.size());
        long ref = store.savePipeline(def.id(), pipeline.sourcePath(), def.baseDir(), pipeline.format().name(),
                pipeline.contentHash(), pipeline.sourceText());
        List<NewJob> newJobs = resolved.jobs().stream()
                .map(j -> new NewJob(j.id(), j.phaseId(), j.seq(), j.item(), j.index(), def.phase(j.phaseId()).orElseThrow().laneOrId()))
                .toList();
        Instant now = Instant.now();
        RunId id = store.createRun(new NewRun(ref, def.id(), resolved.plan(), now, options.startedBy(), ownership.at(now), resolved.seededOutputs()),
                newJobs);
        return drive(id, def, slots, resolved.plan(), JobsAtStart.fresh(resolved.jobs(), resolved.seededOutputs()), listeners, environment);
    }

    /** Refuses a run whose phases would go to an executor that cannot take them here (no Slurm client, an http phase sent to Slurm). */
    private void checkExecutors(PipelineDef def, String runExecutor) throws RunRefused {
        for (var phase : def.phases()) {
            String name = baton.engine.executor.Executors.nameFor(phase, runExecutor, def.executor());
            var executor = executors.named(name);
            if (executor == null) throw new RunRefused("phase '" + phase.id() + "' runs on executor '" + name + "', which Baton does not have");
            String refused = executor.refuses(phase);
            if (refused != null) throw new RunRefused("phase '" + phase.id() + "' cannot run on " + name + ": " + refused);
            if (executor == slurm && slurm.unavailable() != null) throw new RunRefused(slurm.unavailable());
        }
    }

    /**
     * What {@link #start} would do with these options, without doing it: every job in start order
     * with its state in the plan and its command. Refuses exactly as {@code start} would. Reads
     * {@code earlier} (for --from, --only) and writes nothing anywhere.
     */
    public static DryRun planRun(LoadedPipeline pipeline, RunOptions options, EarlierRuns earlier) throws RunRefused {
        return RunResolver.dryRun(pipeline, options, earlier);
    }

    /** {@link #planRun(LoadedPipeline, RunOptions, EarlierRuns)} against this engine's history. */
    public DryRun planRun(LoadedPipeline pipeline, RunOptions options) throws RunRefused {
        return planRun(pipeline, options, earlierRuns());
    }

    /** The history of this data directory, as {@code --resume}, {@code --from} and {@code --only} read it. */
    public EarlierRuns earlierRuns() {
        return EarlierRuns.of(store);
    }

    /** Hands a run to a coordinator of its own, and keeps it among the live runs until it ends. */
    private LiveRun drive(RunId id, PipelineDef def, SlotPool slots, RunPlan plan, JobsAtStart jobs, List<RunListener> listeners,
                          Map<String, String> environment) {
        RunCoordinator c = new RunCoordinator(id, def, ctx.withBaseEnv(environment), slots, plan, jobs, listeners);
        LiveRun run = new LiveRun(c);
        live.put(id, run);
        c.done().whenComplete((s, e) -> live.remove(id));
        c.start();
        return run;
    }

    private LiveRun drive(Restarts.Restart r, List<RunListener> listeners, Map<String, String> environment) {
        return drive(r.id(), r.def(), runSlots(r.plan().concurrency()), r.plan(), r.jobs(), listeners, environment);
    }

    /** What a retry of {@code jobIds} (none: every failed, timed-out, cancelled and blocked job) would run again, in order. */
    public List<String> retryPlan(RunId id, Collection<String> jobIds) throws RunRefused {
        return restarts.retryPlan(id, jobIds);
    }

    /**
     * Runs again, in the same run and with the definition it was started with, the given jobs (or
     * every failed, timed-out, cancelled and blocked one) and all that depends on them. Attempt
     * numbers go on counting; the earlier attempts stay in the history.
     */
    public LiveRun retry(RunId id, Collection<String> jobIds, List<RunListener> listeners) throws RunRefused {
        return retry(id, jobIds, listeners, null);
    }

    /** A retry whose jobs start from {@code environment} (null: this process's own). */
    public LiveRun retry(RunId id, Collection<String> jobIds, List<RunListener> listeners, Map<String, String> environment) throws RunRefused {
        return drive(restarts.retry(id, jobIds, live.containsKey(id)), listeners, environment);
    }

    /** Continues an interrupted run: jobs that had not ended start again; nothing that succeeded runs again. */
    public LiveRun resume(RunId id, List<RunListener> listeners) throws RunRefused {
        return resume(id, listeners, null);
    }

    /** A resume whose jobs start from {@code environment} (null: this process's own). */
    public LiveRun resume(RunId id, List<RunListener> listeners, Map<String, String> environment) throws RunRefused {
        recoverOrphans();
        return drive(restarts.resume(id), listeners, environment);
    }

    /**
     * Finds runs marked running whose owner is gone (its pid is dead, or it has not beaten for
     * {@link #STALE_AFTER}), marks them interrupted, ends what is left of their running jobs'
     * processes, and records those jobs as cut off. A run whose owner is alive is never touched.
     */
    public List<RunId> recoverOrphans() {
        return recovery.recover(live::containsKey);
    }

    /** The data directory went away: every live run stops and says why, and no new one starts. */
    private void stopAll(String why) {
        lost = why;
        for (LiveRun r : live.values()) r.stop(why);
    }

    /**
     * Asks a live run to cancel (the run, or a job), approve or reject a job awaiting approval,
     * or skip a waiting job (mark it done without running it). The run may be owned by another
     * Baton process: the request is kept in the store and its owner takes it in within a second.
     * {@code jobId} may also name a phase (all its jobs) or a roadmap group. Returns the request's id.
     */
    public long request(RunId id, String jobId, RunRequest.Kind kind, String by) throws RunRefused {
        RunRecord run = store.run(id).orElseThrow(() -> new RunRefused("no run " + id
                + Suggest.hint(id.value(), store.runs(50).stream().map(r -> r.id().value()).toList())));
        if (run.status() != RunStatus.RUNNING) {
            throw new RunRefused("run " + id + " is " + run.status().wire() + ", not running: there is nothing to " + kind.wire());
        }
        if (jobId != null) {
            Set<String> names = namesIn(run);
            if (!names.contains(jobId)) throw new RunRefused("run " + id + " has no job, phase or group '" + jobId + "'" + Suggest.hint(jobId, names));
        }
        long requestId = store.request(id, jobId, kind, by, Instant.now());
        LiveRun here = live.get(id);
        if (here != null) here.pollRequests();
        return requestId;
    }

    /** What a request to {@code run} may name: its jobs, phases, lanes and roadmap groups. */
    private Set<String> namesIn(RunRecord run) {
        Set<String> names = new LinkedHashSet<>();
        for (JobRecord j : store.jobs(run.id())) {
            names.add(j.id());
            names.add(j.phaseId());
            if (j.lane() != null) names.add(j.lane());
        }
        try {
            definitionOf(run).definition().phases().forEach(p -> {
                if (p.env().containsKey("TASK_GROUP")) names.add(p.env().get("TASK_GROUP"));
            });
        } catch (LoadException e) {
            // the stored definition no longer loads: jobs and phases still name what can be asked for
            System.getLogger("baton.engine").log(System.Logger.Level.DEBUG, "groups of run " + run.id() + " unknown: " + e.getMessage());
        }
        return names;
    }

    /** What came of a request, once the run's owner has taken it in. */
    public Optional<String> requestOutcome(long requestId) {
        return store.requestOutcome(requestId);
    }

    public List<LiveRun> liveRuns() {
        return List.copyOf(live.values());
    }

    // --- questions about stored runs ---

    public List<RunRecord> runs(int limit) {
        return store.runs(limit);
    }

    public Optional<RunRecord> run(RunId id) {
        return store.run(id);
    }

    public List<JobRecord> jobs(RunId id) {
        return store.jobs(id);
    }

    public List<AttemptRecord> attempts(RunId id) {
        return store.attempts(id);
    }

    public List<StateChange> stateChanges(RunId id, long afterSeq) {
        return store.stateChanges(id, afterSeq);
    }

    /** The exact definition a run was started with, parsed again from its stored text. */
    public LoadedPipeline definitionOf(RunRecord run) throws LoadException {
        return StoredDefinition.of(store, run.pipelineRef());
    }

    /**
     * For {@code run --resume} of a roadmap: the phases (tasks and gate) of every group that fully
     * succeeded in the latest run of the same file. Empty when there is no earlier run.
     */
    public Set<String> roadmapGroupsDone(LoadedPipeline p) {
        return earlierRuns().roadmapGroupsDone(p);
    }

    /** Whether the file (or folder of scripts) a run was started from now reads differently, or is gone. */
    public boolean definitionChanged(RunRecord run) {
        return StoredDefinition.changed(store, run.pipelineRef());
    }

    /**
     * Whether the window may run this file without asking: trusted for its absolute path, with
     * the same content and the same scripts. When the path was never trusted but its content was,
     * elsewhere, the changes compare with that copy, so they name the scripts that differ.
     * (The command line never asks: typing the command is the consent, as with {@code sh FILE}.)
     */
    public TrustCheck checkTrust(LoadedPipeline p) {
        return Trust.check(store, p);
    }

    /** Trusts what the person was shown (not the files as they are by now). */
    public void trust(TrustFingerprint shown) {
        store.trust(shown);
    }

    @Override
    /**
     * Ends this engine's work and lets go of its store, once: the store may be shared with the
     * other engines of this data directory in this process, and a second close must not release
     * their share of it.
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        http.close();
        slurm.close();
        timers.shutdownNow();
        launchers.shutdownNow();
        store.close();
    }
}
