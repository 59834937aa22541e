package baton.engine;

import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import baton.format.Suggest;
import baton.model.AttemptRecord;
import baton.model.Foreach;
import baton.model.JobRecord;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RunId;
import baton.model.RunOwner;
import baton.model.RunRecord;
import baton.model.StateChange;
import baton.model.TrustFingerprint;
import baton.store.DataDirStore;
import baton.store.NewJob;
import baton.store.NewRun;
import baton.store.RunStore;
import baton.store.StoredPipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The engine of one Baton process: starts runs, drives them, and answers questions about
 * stored ones. The command line and the window both stand on this.
 */
public final class Engine implements AutoCloseable {
    public static final long DEFAULT_LOG_CAP = 1L << 30;
    /** The most jobs one fan-out may make: past it the run refuses (or the stand-in job fails) with a reason. */
    public static final int MAX_FOREACH = 100_000;

    private final RunStore store;
    private final Path dataDir;
    private final ScheduledExecutorService timers;
    private final java.util.concurrent.ExecutorService launchers;
    private final HttpPhases http = new HttpPhases();
    private final RunContext ctx;
    private final RunOwner owner;
    /** This data directory's random id: part of every job's identity (see {@link InstanceId}). */
    private final String instance;
    /** What opening the data directory found worth telling the user (tightened permissions, processes that would not end). */
    private final List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<RunId, LiveRun> live = new ConcurrentHashMap<>();
    /** The data directory's identity (device and inode) when opened: a different one means it was deleted or moved. */
    private final Object dataDirKey;
    /** Why this engine cannot go on (its data directory went away), or null. */
    private volatile String lost;

    public Engine(RunStore store, Path dataDir) {
        this(store, dataDir, logCapFrom(System.getenv("BATON_LOG_CAP")));
    }

    /** BATON_LOG_CAP: bytes, or with a K, M or G suffix; the default is 1 GB. */
    static long logCapFrom(String v) {
        long cap = Sizes.parse(v, DEFAULT_LOG_CAP);
        return cap > 0 ? cap : DEFAULT_LOG_CAP;
    }

    public Engine(RunStore store, Path dataDir, long logCap) {
        this.store = store;
        this.dataDir = dataDir.toAbsolutePath();
        this.timers = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "baton-timers");
            t.setDaemon(true);
            return t;
        });
        this.launchers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "baton-launch");
            t.setDaemon(true);
            return t;
        });
        this.instance = InstanceId.of(this.dataDir);
        this.ctx = new RunContext(store, this.dataDir, RunContext.diskOf(this.dataDir), instance, new ProcessLauncher(timers), timers, launchers, http, Map.copyOf(System.getenv()), logCap,
                RunContext.diskReserveFrom(System.getenv()));
        this.dataDirKey = fileKey(this.dataDir);
        timers.scheduleWithFixedDelay(this::checkDataDir, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        ProcessHandle self = ProcessHandle.current();
        this.owner = new RunOwner(self.pid(), hostName(), self.info().startInstant().orElse(Instant.now()), Instant.now());
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

    /** Things the user should hear about once (the CLI prints them on stderr, the window in its status bar). */
    public List<String> takeNotes() {
        List<String> out = List.copyOf(notes);
        notes.clear();
        return out;
    }

    /** This data directory's id, which every job process carries as {@code BATON_INSTANCE}. */
    public String instanceId() {
        return instance;
    }

    public Path dataDir() {
        return dataDir;
    }

    public LiveRun start(LoadedPipeline pipeline, RunOptions options, List<RunListener> listeners) throws RunRefused {
        return start(pipeline, options, listeners, new SlotPool(RunResolver.concurrency(pipeline.definition(), options)));
    }

    /** Starts a run drawing on a shared pool of slots (the runs of one batch share one limit). */
    public LiveRun start(LoadedPipeline pipeline, RunOptions options, List<RunListener> listeners, SlotPool slots) throws RunRefused {
        if (lost != null) throw new RunRefused(lost);
        PipelineDef def = pipeline.definition();
        RunResolver.Resolved resolved = RunResolver.resolve(pipeline, options, earlierRuns(), slots.size());
        long ref = store.savePipeline(def.id(), pipeline.sourcePath(), def.baseDir(), pipeline.format().name(),
                pipeline.contentHash(), pipeline.sourceText());
        List<NewJob> newJobs = resolved.jobs().stream()
                .map(j -> new NewJob(j.id(), j.phaseId(), j.seq(), j.item(), j.index(), def.phase(j.phaseId()).orElseThrow().laneOrId()))
                .toList();
        Instant now = Instant.now();
        RunId id = store.createRun(new NewRun(ref, def.id(), resolved.plan(), now, options.startedBy(),
                new RunOwner(owner.pid(), owner.host(), owner.processStartedAt(), now), resolved.seededOutputs()), newJobs);
        RunCoordinator c = new RunCoordinator(id, def, ctx, slots, resolved.plan(), resolved.jobs(), Map.of(), Map.of(),
                resolved.seededOutputs(), List.of(), listeners);
        return launch(c);
    }

    /**
     * What {@link #start} would do with these options, without doing it: every job in start order
     * with its state in the plan and its command. Refuses exactly as {@code start} would. Reads
     * {@code earlier} (for --from, --only) and writes nothing anywhere.
     */
    public static DryRun planRun(LoadedPipeline pipeline, RunOptions options, EarlierRuns earlier) throws RunRefused {
        int concurrency = RunResolver.concurrency(pipeline.definition(), options);
        return DryRun.of(pipeline, RunResolver.resolve(pipeline, options, earlier, concurrency));
    }

    /** {@link #planRun(LoadedPipeline, RunOptions, EarlierRuns)} against this engine's history. */
    public DryRun planRun(LoadedPipeline pipeline, RunOptions options) throws RunRefused {
        return planRun(pipeline, options, earlierRuns());
    }

    /** The history of this data directory, as {@code --resume}, {@code --from} and {@code --only} read it. */
    public EarlierRuns earlierRuns() {
        return EarlierRuns.of(store);
    }

    private LiveRun launch(RunCoordinator c) {
        LiveRun run = new LiveRun(c);
        live.put(c.runId(), run);
        c.done().whenComplete((s, e) -> live.remove(c.runId()));
        c.start();
        return run;
    }

    /** What a retry of {@code jobIds} (none: every failed, timed-out, cancelled and blocked job) would run again, in order. */
    public List<String> retryPlan(RunId id, java.util.Collection<String> jobIds) throws RunRefused {
        RunRecord run = store.run(id).orElseThrow(() -> new RunRefused("no run " + id));
        List<JobRecord> jobs = store.jobs(id);
        PipelineDef def = definition(run).definition();
        Set<String> start = new java.util.LinkedHashSet<>();
        if (jobIds.isEmpty()) {
            for (JobRecord j : jobs) {
                switch (j.status()) {
                    case FAILED, TIMED_OUT, CANCELLED, BLOCKED -> start.add(j.id());
                    default -> {}
                }
            }
        } else {
            List<String> known = jobs.stream().map(JobRecord::id).toList();
            for (String j : jobIds) {
                if (!known.contains(j)) throw new RunRefused("run " + id + " has no job '" + j + "'" + Suggest.hint(j, known));
                start.add(j);
            }
        }
        // everything downstream of a job to redo is redone too (it ran, or was blocked or skipped, on the old outcome)
        Map<String, List<String>> dependents = new java.util.HashMap<>();
        for (PhaseDef p : def.phases()) for (var n : p.needs()) dependents.computeIfAbsent(n.phase(), k -> new ArrayList<>()).add(p.id());
        Set<String> phases = new java.util.HashSet<>();
        for (JobRecord j : jobs) if (start.contains(j.id())) phases.add(j.phaseId());
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(phases);
        Set<String> downstream = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            for (String d : dependents.getOrDefault(todo.pop(), List.of())) if (downstream.add(d)) todo.push(d);
        }
        List<String> out = new ArrayList<>();
        for (JobRecord j : jobs) {
            if (start.contains(j.id()) || (downstream.contains(j.phaseId()) && j.status() != baton.model.JobStatus.PENDING)) out.add(j.id());
        }
        return out;
    }

    /**
     * Runs again, in the same run and with the definition it was started with, the given jobs (or
     * every failed, timed-out, cancelled and blocked one) and all that depends on them. Attempt
     * numbers go on counting; the earlier attempts stay in the history.
     */
    public LiveRun retry(RunId id, java.util.Collection<String> jobIds, List<RunListener> listeners) throws RunRefused {
        RunRecord run = store.run(id).orElseThrow(() -> new RunRefused("no run " + id));
        if (run.status() == baton.model.RunStatus.RUNNING) {
            throw new RunRefused("run " + id + " is still running" + (live.containsKey(id) ? "" : " in another Baton process (" + ownerText(run) + ")"));
        }
        List<String> redo = retryPlan(id, jobIds);
        if (redo.isEmpty()) throw new RunRefused("run " + id + " has nothing to retry: no job failed, timed out, was cancelled or blocked");
        return restart(run, new java.util.HashSet<>(redo), "retry", listeners);
    }

    /** Continues an interrupted run: jobs that had not ended start again; nothing that succeeded runs again. */
    public LiveRun resume(RunId id, List<RunListener> listeners) throws RunRefused {
        recoverOrphans();
        RunRecord run = store.run(id).orElseThrow(() -> new RunRefused("no run " + id));
        if (run.status() != baton.model.RunStatus.INTERRUPTED) {
            throw new RunRefused("run " + id + " is " + run.status().wire() + ", not interrupted"
                    + (run.status() == baton.model.RunStatus.RUNNING ? " (its owner " + ownerText(run) + " is alive)" : ": use 'baton retry' to run failed jobs again"));
        }
        Set<String> redo = new java.util.HashSet<>();
        for (JobRecord j : store.jobs(id)) {
            switch (j.status()) {
                // a job a person cancelled stays cancelled ('baton retry' runs it again); one cut off by the interruption is redone below
                case SUCCEEDED, SKIPPED, FAILED, TIMED_OUT, BLOCKED, CANCELLED -> {}
                default -> redo.add(j.id()); // not ended
            }
        }
        for (JobRecord j : store.jobs(id)) {
            if (j.status() == baton.model.JobStatus.CANCELLED && INTERRUPTED_REASON.equals(j.error())) redo.add(j.id());
        }
        return restart(run, redo, "resume", listeners);
    }

    private LiveRun restart(RunRecord run, Set<String> redo, String why, List<RunListener> listeners) throws RunRefused {
        LoadedPipeline p = definition(run);
        // never a second copy of a job: whatever of this run still runs (a daemon a job left, a
        // job of a Baton that died) is ended and seen gone first
        List<Long> alive = JobProcesses.endAndVerify(instance, run.id().value(), ProcessTree.GRACE);
        if (!alive.isEmpty()) {
            throw new RunRefused("processes " + alive + " of run " + run.id() + " are still alive after SIGKILL: the run cannot "
                    + why + " until they are gone");
        }
        PipelineDef def = p.definition();
        Instant now = Instant.now();
        store.takeOver(run.id(), run.status(), new RunOwner(owner.pid(), owner.host(), owner.processStartedAt(), now));
        List<baton.store.Change> changes = new ArrayList<>();
        changes.add(new baton.store.Change.RunMoved(run.id(), run.status(), baton.model.RunStatus.RUNNING, now, why));
        Map<String, baton.model.JobStatus> statuses = new java.util.HashMap<>();
        Map<String, Integer> attempts = new java.util.HashMap<>();
        Map<String, Map<String, String>> outputs = new java.util.HashMap<>();
        List<PlannedJob> planned = new ArrayList<>();
        for (JobRecord j : store.jobs(run.id())) {
            planned.add(new PlannedJob(j.id(), j.phaseId(), j.item(), j.index(), j.seq()));
            attempts.put(j.id(), j.attempts());
            outputs.put(j.id(), j.outputs());
            baton.model.JobStatus st = j.status();
            if (redo.contains(j.id()) && st != baton.model.JobStatus.PENDING) {
                if (st == baton.model.JobStatus.RUNNING) {
                    throw new RunRefused("job " + j.id() + " is still marked running: run 'baton runs' first so Baton can check on it");
                }
                changes.add(new baton.store.Change.JobMoved(run.id(), j.id(), st, baton.model.JobStatus.PENDING, j.attempts(), now, why, null, null));
                st = baton.model.JobStatus.PENDING;
            }
            statuses.put(j.id(), st);
        }
        store.commit(changes);
        // the plan the run was started with, whole: not the options of the command asking for the retry
        baton.model.RunPlan plan = run.plan();
        RunCoordinator c = new RunCoordinator(run.id(), def, ctx, new SlotPool(plan.concurrency()), plan,
                planned, statuses, attempts, outputs, store.spawnedPhases(run.id()), listeners);
        return launch(c);
    }

    private LoadedPipeline definition(RunRecord run) throws RunRefused {
        try {
            return definitionOf(run);
        } catch (LoadException e) {
            throw new RunRefused("the stored definition of run " + run.id() + " no longer loads: " + e.getMessage());
        }
    }

    static final String INTERRUPTED_REASON = "interrupted: its Baton process ended";

    private static String ownerText(RunRecord run) {
        return run.owner() == null ? "unknown" : "pid " + run.owner().pid() + " on " + run.owner().host();
    }

    /**
     * Finds runs marked running whose owner is gone (its pid is dead, or it has not beaten for
     * {@link #STALE_AFTER}), marks them interrupted, ends what is left of their running jobs'
     * processes, and records those jobs as cut off. A run whose owner is alive is never touched.
     */
    public List<RunId> recoverOrphans() {
        List<RunId> recovered = new ArrayList<>();
        for (RunRecord r : store.runsWithStatus(baton.model.RunStatus.RUNNING)) {
            if (live.containsKey(r.id()) || ownerAlive(r)) continue;
            // every process of the run's jobs, found by the identity they inherited (descendants
            // too), must be gone before an attempt is recorded as ended: otherwise a resume could
            // start a second copy of a job whose first still runs
            List<Long> alive = JobProcesses.endAndVerify(instance, r.id().value(), ProcessTree.GRACE);
            if (!alive.isEmpty()) {
                notes.add("run " + r.id() + " was left by a Baton process that is gone, but its job processes " + alive
                        + " would not end (even with SIGKILL): the run stays 'running' until they do");
                continue;
            }
            Instant now = Instant.now();
            List<baton.store.Change> changes = new ArrayList<>();
            List<AttemptRecord> attempts = store.attempts(r.id());
            for (JobRecord j : store.jobs(r.id())) {
                if (j.status() != baton.model.JobStatus.RUNNING) continue;
                attempts.stream().filter(a -> a.jobId().equals(j.id()) && a.attempt() == j.attempts()).findFirst().ifPresent(a ->
                        changes.add(new baton.store.Change.AttemptEnded(r.id(), j.id(), a.attempt(), baton.model.JobStatus.CANCELLED, now, null,
                                INTERRUPTED_REASON, a.logSize())));
                changes.add(new baton.store.Change.JobMoved(r.id(), j.id(), baton.model.JobStatus.RUNNING, baton.model.JobStatus.CANCELLED,
                        j.attempts(), now, INTERRUPTED_REASON, null, INTERRUPTED_REASON));
            }
            changes.add(new baton.store.Change.RunMoved(r.id(), baton.model.RunStatus.RUNNING, baton.model.RunStatus.INTERRUPTED, now,
                    "owner " + ownerText(r) + " is gone"));
            try {
                store.commit(changes);
                recovered.add(r.id());
            } catch (baton.store.StaleStateException e) {
                // another process recovered (or resumed) it between our read and our write: its record stands
            }
        }
        return recovered;
    }

    public static final java.time.Duration STALE_AFTER = java.time.Duration.ofSeconds(15);

    private boolean ownerAlive(RunRecord r) {
        RunOwner o = r.owner();
        if (o == null) return false;
        if (o.host().equals(owner.host())) {
            if (o.pid() == owner.pid()) return true; // this very process (perhaps another Engine in it)
            var ph = ProcessHandle.of(o.pid());
            if (ph.isEmpty() || !ph.get().isAlive()) return false;
            // the pid may have been reused: the owner must have started when the run says it did
            return ph.get().info().startInstant()
                    .map(s -> o.processStartedAt() == null || Math.abs(java.time.Duration.between(s, o.processStartedAt()).toSeconds()) < 2)
                    .orElse(true);
        }
        return o.heartbeatAt() != null && o.heartbeatAt().isAfter(Instant.now().minus(STALE_AFTER));
    }

    private static Object fileKey(Path dir) {
        try {
            return Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * H2 and the logs keep writing to files that were deleted or moved (they stay open), so a run
     * would end "successfully" with its history gone. Once a second the folder is looked at; when
     * it is no longer the one opened, every live run stops and says why.
     */
    private void checkDataDir() {
        if (lost != null || dataDirKey == null) return;
        Object now = fileKey(dataDir);
        if (dataDirKey.equals(now)) return;
        lost = "the data directory " + dataDir + " was deleted or moved" + (now == null ? "" : " (a new folder stands in its place)")
                + " while Baton was using it: its runs stopped (their history went with the folder); open it where it is now with --data-dir";
        for (LiveRun r : live.values()) r.stop(lost);
    }

    /**
     * Asks a live run to cancel (the run, or a job), approve or reject a job awaiting approval,
     * or skip a waiting job (mark it done without running it). The run may be owned by another
     * Baton process: the request is kept in the store and its owner takes it in within a second.
     * {@code jobId} may also name a phase (all its jobs) or a roadmap group. Returns the request's id.
     */
    public long request(RunId id, String jobId, baton.model.RunRequest.Kind kind, String by) throws RunRefused {
        RunRecord run = store.run(id).orElseThrow(() -> new RunRefused("no run " + id
                + Suggest.hint(id.value(), store.runs(50).stream().map(r -> r.id().value()).toList())));
        if (run.status() != baton.model.RunStatus.RUNNING) {
            throw new RunRefused("run " + id + " is " + run.status().wire() + ", not running: there is nothing to " + kind.wire());
        }
        if (jobId != null) {
            Set<String> names = new java.util.LinkedHashSet<>();
            for (JobRecord j : store.jobs(id)) {
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
            }
            if (!names.contains(jobId)) throw new RunRefused("run " + id + " has no job, phase or group '" + jobId + "'" + Suggest.hint(jobId, names));
        }
        long requestId = store.request(id, jobId, kind, by, Instant.now());
        LiveRun here = live.get(id);
        if (here != null) here.pollRequests();
        return requestId;
    }

    /** What came of a request, once the run's owner has taken it in. */
    public Optional<String> requestOutcome(long requestId) {
        return store.requestOutcome(requestId);
    }

    public List<LiveRun> liveRuns() {
        return List.copyOf(live.values());
    }

    /**
     * The jobs known when the run starts; fan-outs over upstream outputs get theirs later. A phase
     * taken from an earlier run ({@code earlier}) has the jobs it had there, items and all.
     */
    static List<PlannedJob> plan(PipelineDef def, Map<String, String> params, Map<String, List<JobRecord>> earlier) {
        List<PlannedJob> jobs = new ArrayList<>();
        for (PhaseDef p : def.phases()) {
            if (earlier.containsKey(p.id())) {
                for (JobRecord j : earlier.get(p.id())) jobs.add(new PlannedJob(j.id(), p.id(), j.item(), j.index(), jobs.size()));
                continue;
            }
            List<String> items = switch (p.foreach()) {
                case null -> null;
                case Foreach.Literal l -> l.items();
                case Foreach.Param fp -> Items.parse(params.getOrDefault(fp.name(), ""));
                case Foreach.Output o -> List.of();
            };
            if (items == null) {
                jobs.add(new PlannedJob(p.id(), p.id(), null, null, jobs.size()));
            } else if (!(p.foreach() instanceof Foreach.Output)) {
                for (int i = 0; i < items.size(); i++) {
                    jobs.add(new PlannedJob(PlannedJob.idOf(p.id(), i), p.id(), items.get(i), i, jobs.size()));
                }
            }
        }
        return jobs;
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
        StoredPipeline sp = store.pipeline(run.pipelineRef());
        return PipelineLoader.parse(sp.sourcePath(), sp.sourceText(), sp.baseDir());
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
        StoredPipeline sp = store.pipeline(run.pipelineRef());
        try {
            return !PipelineLoader.load(Path.of(sp.sourcePath())).contentHash().equals(sp.contentHash());
        } catch (LoadException e) {
            return true;
        }
    }

    /**
     * Whether the window may run this file without asking: trusted for its absolute path, with
     * the same content and the same scripts. When the path was never trusted but its content was,
     * elsewhere, the changes compare with that copy, so they name the scripts that differ.
     * (The command line never asks: typing the command is the consent, as with {@code sh FILE}.)
     */
    public TrustCheck checkTrust(LoadedPipeline p) {
        TrustFingerprint now = TrustFingerprints.of(p);
        Optional<TrustFingerprint> here = store.trustedAt(now.sourcePath());
        if (here.isPresent()) {
            List<String> changes = now.changesSince(here.get());
            return new TrustCheck(now, changes.isEmpty(), changes);
        }
        return store.trustedWithContent(now.contentHash())
                .map(elsewhere -> new TrustCheck(now, false, now.changesSince(elsewhere)))
                .orElseGet(() -> new TrustCheck(now, false, List.of()));
    }

    /** Trusts what the person was shown (not the files as they are by now). */
    public void trust(TrustFingerprint shown) {
        store.trust(shown);
    }

    @Override
    public void close() {
        http.close();
        timers.shutdownNow();
        launchers.shutdownNow();
        store.close();
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return Files.readString(Path.of("/etc/hostname")).strip();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
