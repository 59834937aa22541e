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
import baton.store.H2RunStore;
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

    private final RunStore store;
    private final Path dataDir;
    private final ScheduledExecutorService timers;
    private final java.util.concurrent.ExecutorService launchers;
    private final RunContext ctx;
    private final RunOwner owner;
    private final Map<RunId, LiveRun> live = new ConcurrentHashMap<>();

    public Engine(RunStore store, Path dataDir) {
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
        this.ctx = new RunContext(store, this.dataDir, new ProcessLauncher(timers), timers, launchers, Map.copyOf(System.getenv()), DEFAULT_LOG_CAP);
        ProcessHandle self = ProcessHandle.current();
        this.owner = new RunOwner(self.pid(), hostName(), self.info().startInstant().orElse(Instant.now()), Instant.now());
    }

    /** Opens the store in {@code dataDir}; throws {@link baton.store.StoreException} with a one-line reason. */
    public static Engine open(Path dataDir) {
        return new Engine(H2RunStore.open(dataDir), dataDir);
    }

    public Path dataDir() {
        return dataDir;
    }

    public LiveRun start(LoadedPipeline pipeline, RunOptions options, List<RunListener> listeners) throws RunRefused {
        PipelineDef def = pipeline.definition();
        int concurrency = options.concurrency() != null ? options.concurrency()
                : def.concurrency() != null ? def.concurrency() : Runtime.getRuntime().availableProcessors();
        if (concurrency < 1) throw new RunRefused("--concurrency must be at least 1");
        return start(pipeline, options, listeners, new SlotPool(concurrency));
    }

    /** Starts a run drawing on a shared pool of slots (the runs of one batch share one limit). */
    public LiveRun start(LoadedPipeline pipeline, RunOptions options, List<RunListener> listeners, SlotPool slots) throws RunRefused {
        PipelineDef def = pipeline.definition();
        Map<String, String> params = resolveParams(def, options);
        Set<String> switchedOff = resolveSwitches(def, options);
        checkConfirms(def, switchedOff, options);
        String input = resolveInput(options);
        List<PlannedJob> planned = plan(def, params);
        Map<String, Boolean> switches = new LinkedHashMap<>();
        for (PhaseDef p : def.phases()) if (p.optional()) switches.put(p.id(), !switchedOff.contains(p.id()));

        long ref = store.savePipeline(def.id(), pipeline.sourcePath(), def.baseDir(), pipeline.format().name(),
                pipeline.contentHash(), pipeline.sourceText());
        List<NewJob> newJobs = planned.stream()
                .map(j -> new NewJob(j.id(), j.phaseId(), j.seq(), j.item(), j.index(), def.phase(j.phaseId()).orElseThrow().laneOrId()))
                .toList();
        Instant now = Instant.now();
        RunId id = store.createRun(new NewRun(ref, def.id(), params, switches, input, slots.size(), now, options.startedBy(),
                new RunOwner(owner.pid(), owner.host(), owner.processStartedAt(), now)), newJobs);
        RunCoordinator c = new RunCoordinator(id, def, ctx, slots, params, input, switchedOff, planned, Map.of(), Map.of(), listeners);
        LiveRun run = new LiveRun(c);
        live.put(id, run);
        c.done().whenComplete((s, e) -> live.remove(id));
        c.start();
        return run;
    }

    public List<LiveRun> liveRuns() {
        return List.copyOf(live.values());
    }

    private static Map<String, String> resolveParams(PipelineDef def, RunOptions options) throws RunRefused {
        Map<String, String> params = new LinkedHashMap<>(def.params());
        for (var e : options.params().entrySet()) {
            if (!def.params().containsKey(e.getKey())) {
                throw new RunRefused("unknown parameter '" + e.getKey() + "'" + Suggest.hint(e.getKey(), def.params().keySet())
                        + (def.params().isEmpty() ? ": this pipeline declares no params" : ": declared are " + String.join(", ", def.params().keySet())));
            }
            params.put(e.getKey(), e.getValue());
        }
        return params;
    }

    private static Set<String> resolveSwitches(PipelineDef def, RunOptions options) throws RunRefused {
        Set<String> ids = new HashSet<>();
        def.phases().forEach(p -> ids.add(p.id()));
        for (String name : concat(options.enable(), options.disable())) {
            PhaseDef p = def.phase(name).orElse(null);
            if (p == null) throw new RunRefused("unknown phase '" + name + "'" + Suggest.hint(name, ids));
            if (!p.optional()) throw new RunRefused("phase '" + name + "' is not optional: only phases with 'optional: true' can be switched");
        }
        Set<String> both = new HashSet<>(options.enable());
        both.retainAll(options.disable());
        if (!both.isEmpty()) throw new RunRefused("phase '" + both.iterator().next() + "' is both enabled and disabled");
        Set<String> off = new HashSet<>();
        for (PhaseDef p : def.phases()) {
            if (!p.optional()) continue;
            boolean on = options.enable().contains(p.id()) || (p.enabled() && !options.disable().contains(p.id()));
            if (!on) off.add(p.id());
        }
        return off;
    }

    private static void checkConfirms(PipelineDef def, Set<String> switchedOff, RunOptions options) throws RunRefused {
        if (options.acceptConfirms()) return;
        for (PhaseDef p : def.phases()) {
            if (p.confirm() != null && !switchedOff.contains(p.id())) {
                throw new RunRefused("phase '" + p.id() + "' asks: " + p.confirm().strip()
                        + "\nThe run did not start. Pass --yes to accept" + (p.optional() ? ", or --disable " + p.id() + " to leave it off." : "."));
            }
        }
    }

    private static String resolveInput(RunOptions options) throws RunRefused {
        if (options.input() == null) return null;
        Path p = Path.of(options.input()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) throw new RunRefused("input file " + options.input() + " not found");
        return p.toString();
    }

    /** The jobs known when the run starts; fan-outs over upstream outputs get theirs later. */
    static List<PlannedJob> plan(PipelineDef def, Map<String, String> params) {
        List<PlannedJob> jobs = new ArrayList<>();
        for (PhaseDef p : def.phases()) {
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

    private static List<String> concat(Set<String> a, Set<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
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

    public boolean isTrusted(String contentHash) {
        return store.isTrusted(contentHash);
    }

    public void trust(String contentHash) {
        store.trust(contentHash);
    }

    @Override
    public void close() {
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
