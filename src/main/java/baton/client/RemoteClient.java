package baton.client;

import baton.engine.RunEvent;
import baton.engine.RunListener;
import baton.engine.RunRefused;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.model.RunRequest;
import baton.model.RunStatus;
import baton.model.StateChange;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BatonClient} talking to the data directory's service over its Unix-domain socket. One
 * reader thread takes the service's lines in order: replies complete their calls, run events go to
 * the listener of the run they belong to (kept until the run's handle exists, so none is lost
 * between a start and its reply), and an {@code ended} line completes the run's handle.
 * (Above 350 lines on purpose: the calls, the reader and the run handles share one conversation's state.)
 */
public final class RemoteClient implements BatonClient {
    private static final System.Logger LOG = System.getLogger(RemoteClient.class.getName());

    private final SocketChannel socket;
    private final LineChannel lines;
    private final ServiceStatus hello;
    private final AtomicLong nextId = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    private final Map<RunId, RemoteRun> runs = new ConcurrentHashMap<>();
    private final Map<RunId, List<Object>> early = new ConcurrentHashMap<>();
    private volatile RunListener everything;
    private volatile java.util.function.Consumer<RunId> everythingEnded = run -> {};
    /** What jobs of the runs this client orders start from: its user's environment (null: the service's own). */
    private volatile Map<String, String> environment;
    private volatile String lost;
    private volatile boolean closing;
    private volatile Runnable onLost = () -> {};

    private RemoteClient(SocketChannel socket, LineChannel lines, ServiceStatus hello) {
        this.socket = socket;
        this.lines = lines;
        this.hello = hello;
        Thread.ofPlatform().name("baton-client-reader").daemon().start(this::readLoop);
    }

    /**
     * Connects and says hello. Throws {@link java.net.ConnectException} or
     * {@link java.nio.file.NoSuchFileException} when nothing listens (the caller may start a service),
     * {@link VersionMismatch} when the service is another build.
     */
    static RemoteClient connect(ServiceAddress address) throws IOException {
        return connect(address, BatonVersion.build());
    }

    /** Connects to a service of any build, to stop it: only status and stop are sure to mean the same to both. */
    static RemoteClient connectAnyVersion(ServiceAddress address) throws IOException {
        return connect(address, "*");
    }

    private static RemoteClient connect(ServiceAddress address, String version) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(address.socket()));
            LineChannel lines = new LineChannel(Channels.newInputStream(ch), Channels.newOutputStream(ch));
            ObjectNode hi = Wire.MAPPER.createObjectNode().put("op", "hello").put("protocol", Wire.PROTOCOL).put("version", version);
            lines.send(hi);
            JsonNode reply = lines.receive();
            if (reply.has("error")) {
                JsonNode e = reply.get("error");
                if ("version".equals(e.path("kind").asText())) {
                    throw new VersionMismatch(e.path("version").asText("?"), e.path("protocol").asInt(), e.path("live_runs").asInt(), e.path("message").asText());
                }
                throw new ServiceUnavailable("the service refused this client: " + e.path("message").asText());
            }
            return new RemoteClient(ch, lines, Wire.read(reply.get("hello"), ServiceStatus.class));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The service's answer to hello: who it is. */
    public ServiceStatus hello() {
        return hello;
    }

    /**
     * The environment the jobs of runs this client starts, retries or resumes start from, as they
     * would from its user's terminal; not set, they get the service's (its starter's).
     */
    public RemoteClient withEnvironment(Map<String, String> env) {
        this.environment = env == null ? null : Map.copyOf(env);
        return this;
    }

    /** Hears every event of every run of the data directory, from now on (the window). */
    public void watchAll(RunListener listener) {
        watchAll(listener, run -> {});
    }

    /** Every event of every run, and each run's end (after its last event), from now on. */
    public void watchAll(RunListener listener, java.util.function.Consumer<RunId> ended) {
        everythingEnded = ended;
        everything = listener;
        call("watch", Wire.MAPPER.createObjectNode());
    }

    /** Called once, on the reader thread, when the connection ends other than by {@link #close}. */
    public void onLost(Runnable r) {
        onLost = r;
    }

    /** Why the connection to the service ended, or null while it stands. */
    public String lost() {
        return lost;
    }

    // --- questions ---

    @Override
    public List<RunRecord> runs(int limit) {
        return Wire.read(call("runs", args().put("limit", limit)), new TypeReference<>() {});
    }

    @Override
    public Optional<RunRecord> run(RunId id) {
        JsonNode r = call("run", args().put("run", id.value()));
        return r == null || r.isNull() ? Optional.empty() : Optional.of(Wire.read(r, RunRecord.class));
    }

    @Override
    public List<JobRecord> jobs(RunId id) {
        return Wire.read(call("jobs", args().put("run", id.value())), new TypeReference<>() {});
    }

    @Override
    public List<AttemptRecord> attempts(RunId id) {
        return Wire.read(call("attempts", args().put("run", id.value())), new TypeReference<>() {});
    }

    @Override
    public List<AttemptRecord> attemptsWithMetricsOrClusterJob(RunId id) {
        return Wire.read(call("attempts", args().put("run", id.value()).put("only", "with_metrics_or_cluster_job")), new TypeReference<>() {});
    }

    @Override
    public List<StateChange> stateChanges(RunId id, long afterSeq) {
        return Wire.read(call("state_changes", args().put("run", id.value()).put("after", afterSeq)), new TypeReference<>() {});
    }

    @Override
    public Optional<String> requestOutcome(long requestId) {
        JsonNode r = call("request_outcome", args().put("request", requestId));
        return r == null || r.isNull() ? Optional.empty() : Optional.of(r.asText());
    }

    @Override
    public List<String> takeNotes() {
        return Wire.read(call("notes", args()), new TypeReference<>() {});
    }

    @Override
    public ServiceStatus status() {
        return Wire.read(call("status", args()), ServiceStatus.class);
    }

    /** Asks the service to stop; refused (RunRefused) while runs are live unless {@code cancelRuns}. */
    public void stopService(boolean cancelRuns) throws RunRefused {
        refusable("stop", args().put("cancel_runs", cancelRuns));
    }

    /** Changes the service's settings (max_jobs); the settings as they are now. */
    public Map<String, String> configure(Map<String, String> changes) throws RunRefused {
        ObjectNode a = args();
        a.set("set", Wire.tree(changes));
        return Wire.read(refusable("config", a), new TypeReference<>() {});
    }

    // --- orders ---

    @Override
    public Started start(StartRequest request, RunListener listener) throws RunRefused {
        ObjectNode a = args();
        a.set("start", Wire.tree(request));
        follow(a, listener);
        withEnvironment(a);
        JsonNode r = refusable("start", a);
        List<RunHandle> handles = new ArrayList<>();
        for (JsonNode id : r.path("runs")) handles.add(track(new RunId(id.asText()), listener));
        return new Started(handles, Wire.read(r.path("notes"), new TypeReference<List<String>>() {}));
    }

    /** Whether the client follows the runs it orders, and with which events (docs/service.md). */
    private static ObjectNode follow(ObjectNode a, RunListener listener) {
        a.put("follow", listener != null);
        if (listener != null && listener.onlyForPeople()) a.put("events", "for_people");
        return a;
    }

    @Override
    public Planned plan(StartRequest request) throws RunRefused {
        ObjectNode a = args();
        a.set("start", Wire.tree(request));
        JsonNode r = refusable("plan", a);
        return new Planned(Wire.read(r.path("plans"), new TypeReference<List<baton.engine.plan.DryRun>>() {}),
                Wire.read(r.path("notes"), new TypeReference<List<String>>() {}));
    }

    @Override
    public List<String> retryPlan(RunId id, Collection<String> jobIds) throws RunRefused {
        ObjectNode a = args().put("run", id.value());
        a.set("jobs", Wire.tree(jobIds));
        return Wire.read(refusable("retry_plan", a), new TypeReference<>() {});
    }

    @Override
    public RunHandle retry(RunId id, Collection<String> jobIds, boolean detach, RunListener listener) throws RunRefused {
        ObjectNode a = follow(args().put("run", id.value()).put("detach", detach), listener);
        a.set("jobs", Wire.tree(jobIds));
        withEnvironment(a);
        return track(new RunId(refusable("retry", a).asText()), listener);
    }

    @Override
    public RunHandle resume(RunId id, boolean detach, RunListener listener) throws RunRefused {
        ObjectNode a = follow(args().put("run", id.value()).put("detach", detach), listener);
        withEnvironment(a);
        return track(new RunId(refusable("resume", a).asText()), listener);
    }

    @Override
    public long request(RunId id, String jobId, RunRequest.Kind kind, String by) throws RunRefused {
        ObjectNode a = args().put("run", id.value()).put("job", jobId).put("kind", kind.wire()).put("by", by);
        return refusable("request", a).asLong();
    }

    // --- what the window asks beyond the command line ---

    /** The definition {@code run} was started with, read again here from its stored text. */
    public baton.format.LoadedPipeline definitionOf(RunRecord run) throws baton.format.LoadException {
        JsonNode r = call("definition", args().put("run", run.id().value()));
        if (r.has("problems")) {
            throw new baton.format.LoadException(Wire.read(r.get("problems"), new TypeReference<List<baton.format.Problem>>() {}));
        }
        return Wire.read(r.get("source"), StartRequest.PipelineSource.class).load();
    }

    /** Whether the file {@code run} was started from now reads differently, or is gone. */
    public boolean definitionChanged(RunRecord run) {
        return call("definition_changed", args().put("run", run.id().value())).asBoolean();
    }

    /** A roadmap's groups that fully succeeded in its latest run. */
    public java.util.Set<String> roadmapGroupsDone(baton.format.LoadedPipeline pipeline) {
        ObjectNode a = args();
        a.set("pipeline", Wire.tree(StartRequest.PipelineSource.of(pipeline)));
        return Wire.read(call("roadmap_groups_done", a), new TypeReference<java.util.Set<String>>() {});
    }

    /** Whether the window may run this file without asking (see the engine's TrustCheck). */
    public baton.engine.TrustCheck checkTrust(baton.format.LoadedPipeline pipeline) {
        ObjectNode a = args();
        a.set("pipeline", Wire.tree(StartRequest.PipelineSource.of(pipeline)));
        return Wire.read(call("check_trust", a), baton.engine.TrustCheck.class);
    }

    /** Trusts what the person was shown. */
    public void trust(baton.model.TrustFingerprint shown) {
        ObjectNode a = args();
        a.set("fingerprint", Wire.tree(shown));
        call("trust", a);
    }

    /** Cancels a live run, whoever started it; false when it is not live. */
    public boolean cancel(RunId id) {
        try {
            refusable("cancel", args().put("run", id.value()));
            return true;
        } catch (RunRefused notLive) {
            return false;
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the service connection", e);
        }
    }

    // --- the conversation ---

    private static ObjectNode args() {
        return Wire.MAPPER.createObjectNode();
    }

    private void withEnvironment(ObjectNode order) {
        Map<String, String> env = environment;
        if (env != null) order.set("env", Wire.tree(env));
    }

    private JsonNode refusable(String op, ObjectNode args) throws RunRefused {
        try {
            return exchange(op, args);
        } catch (Refused r) {
            throw new RunRefused(r.getMessage());
        }
    }

    private JsonNode call(String op, ObjectNode args) {
        try {
            return exchange(op, args);
        } catch (Refused r) {
            throw new ServiceUnavailable(r.getMessage());
        }
    }

    private JsonNode exchange(String op, ObjectNode args) throws Refused {
        if (lost != null) throw new ServiceUnavailable(lost);
        long id = nextId.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        calls.put(id, reply);
        args.put("id", id).put("op", op);
        try {
            lines.send(args);
            JsonNode r = reply.get();
            if (r.has("error")) {
                JsonNode e = r.get("error");
                if ("refused".equals(e.path("kind").asText())) throw new Refused(e.path("message").asText());
                throw new ServiceUnavailable("the service could not answer '" + op + "': " + e.path("message").asText());
            }
            return r.get("result");
        } catch (IOException e) {
            throw new ServiceUnavailable(lostBecause(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailable("interrupted while waiting for the service");
        } catch (ExecutionException e) {
            throw new ServiceUnavailable(e.getCause().getMessage());
        } finally {
            calls.remove(id);
        }
    }

    private synchronized RunHandle track(RunId id, RunListener listener) {
        RemoteRun run = runs.computeIfAbsent(id, k -> new RemoteRun(k, listener));
        List<Object> before = early.remove(id);
        if (before != null) for (Object o : before) run.take(o);
        return run;
    }

    private void readLoop() {
        try {
            while (true) {
                JsonNode m = lines.receive();
                if (m.has("re")) {
                    CompletableFuture<JsonNode> c = calls.get(m.get("re").asLong());
                    if (c != null) c.complete(m);
                } else if (m.has("events")) {
                    List<RunEvent> events = new ArrayList<>();
                    for (JsonNode e : m.get("events")) events.add(Wire.event(e));
                    RunListener all = everything;
                    if (all != null) all.onEvents(events);
                    Map<RunId, List<RunEvent>> byRun = new java.util.LinkedHashMap<>();
                    for (RunEvent e : events) byRun.computeIfAbsent(e.run(), k -> new ArrayList<>()).add(e);
                    byRun.forEach(this::deliver);
                } else if (m.has("ended")) {
                    RunId run = new RunId(m.get("ended").asText());
                    deliver(run, RunStatus.fromWire(m.get("status").asText()));
                    if (everything != null) everythingEnded.accept(run);
                }
            }
        } catch (EOFException e) {
            end("the Baton service closed the connection");
        } catch (IOException | RuntimeException e) {
            if (closing) {
                end("this client closed its connection");
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "reading from the service", e);
            end(lostBecause(e));
        }
    }

    /**
     * Events (a list) or an end (a status) for one run: to its handle, or kept until the handle
     * exists. Listeners run here, on the reader thread: they must not call the client back.
     */
    private synchronized void deliver(RunId id, Object what) {
        RemoteRun r = runs.get(id);
        if (r != null) {
            r.take(what);
        } else if (everything == null) {
            early.computeIfAbsent(id, k -> new ArrayList<>()).add(what);
        }
    }

    private void end(String why) {
        lost = why;
        ServiceUnavailable gone = new ServiceUnavailable(why);
        calls.values().forEach(c -> c.completeExceptionally(gone));
        runs.values().forEach(r -> r.done.completeExceptionally(gone));
        if (!closing) onLost.run();
    }

    private static String lostBecause(Exception e) {
        return "lost the connection to the Baton service (" + e.getMessage() + ")";
    }

    private final class RemoteRun implements RunHandle {
        private final RunId id;
        private final RunListener listener;
        private final CompletableFuture<RunStatus> done = new CompletableFuture<>();

        RemoteRun(RunId id, RunListener listener) {
            this.id = id;
            this.listener = listener;
        }

        void take(Object what) {
            if (what instanceof RunStatus s) {
                done.complete(s);
            } else if (listener != null && what instanceof List<?> events) {
                @SuppressWarnings("unchecked") List<RunEvent> batch = (List<RunEvent>) events;
                listener.onEvents(batch);
            }
        }

        @Override
        public RunId id() {
            return id;
        }

        @Override
        public CompletableFuture<RunStatus> done() {
            return done;
        }

        @Override
        public void cancel() {
            call("cancel", args().put("run", id.value()));
        }
    }

    /** The service said no, in words meant for the person. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** The service is another build of Baton. */
    public static final class VersionMismatch extends IOException {
        public final String version;
        public final int liveRuns;

        VersionMismatch(String version, int protocol, int liveRuns, String message) {
            super(message);
            this.version = version;
            this.liveRuns = liveRuns;
        }
    }
}
