package baton.service;

import baton.client.StartRequest;
import baton.client.Wire;
import baton.engine.Engine;
import baton.engine.LiveRun;
import baton.engine.RunEvent;
import baton.engine.RunListener;
import baton.engine.RunOptions;
import baton.engine.RunRefused;
import baton.engine.run.SlotPool;
import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.model.RunId;
import baton.model.RunRequest;
import baton.model.RunStatus;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service's answers, one method a request: questions go to the engine's store, orders to
 * the engine. Refusals (a run that is not there, a file that no longer parses) are answered with
 * the engine's words; anything unexpected is logged and answered as an internal error, and the
 * service goes on.
 */
final class Requests {
    private static final System.Logger LOG = System.getLogger(Requests.class.getName());

    private final Service service;
    private final Engine engine;

    Requests(Service service, Engine engine) {
        this.service = service;
        this.engine = engine;
    }

    ObjectNode handle(ClientConnection client, JsonNode m) {
        JsonNode id = m.get("id");
        String op = m.path("op").asText("");
        try {
            Object result = answer(client, op, m);
            ObjectNode reply = Wire.MAPPER.createObjectNode();
            reply.set("re", id);
            reply.set("result", Wire.tree(result));
            return reply;
        } catch (RunRefused e) {
            return ClientConnection.error(id, "refused", e.getMessage());
        } catch (IllegalArgumentException e) {
            return ClientConnection.error(id, "bad_request", e.getMessage());
        } catch (RuntimeException | java.io.IOException e) {
            LOG.log(System.Logger.Level.ERROR, "answering '" + op + "'", e);
            return ClientConnection.error(id, "internal", e + " (the service's log: " + baton.engine.LogFile.path() + ")");
        }
    }

    private Object answer(ClientConnection client, String op, JsonNode m) throws RunRefused, java.io.IOException {
        return switch (op) {
            case "status" -> service.status();
            case "notes" -> engine.takeNotes();
            case "runs" -> engine.runs(positive(m.path("limit").asInt(50), "limit"));
            case "run" -> engine.run(run(m)).orElse(null);
            case "jobs" -> engine.jobs(run(m));
            case "attempts" -> "with_metrics_or_cluster_job".equals(m.path("only").asText())
                    ? engine.attempts(run(m)).stream().filter(baton.model.AttemptRecord::hasMetricsOrClusterJob).toList()
                    : engine.attempts(run(m));
            case "state_changes" -> engine.stateChanges(run(m), m.path("after").asLong(0));
            case "request_outcome" -> engine.requestOutcome(m.path("request").asLong()).orElse(null);
            case "request" -> engine.request(run(m), m.path("job").isNull() ? null : m.path("job").asText(null),
                    RunRequest.Kind.fromWire(m.path("kind").asText()), m.path("by").asText(null));
            case "cancel" -> cancel(run(m));
            case "watch" -> {
                service.watchAll(client);
                yield true;
            }
            case "start" -> start(client, Wire.read(m.get("start"), StartRequest.class), m, environment(m));
            case "plan" -> plan(Wire.read(m.get("start"), StartRequest.class));
            case "retry_plan" -> engine.retryPlan(run(m), jobs(m));
            case "retry" -> follow(client, m, engine.retry(run(m), jobs(m), listeners(client, m), environment(m)));
            case "resume" -> follow(client, m, engine.resume(run(m), listeners(client, m), environment(m)));
            case "stop" -> {
                service.stop(m.path("cancel_runs").asBoolean());
                yield true;
            }
            case "config" -> configure(Wire.read(m.path("set"), new TypeReference<Map<String, String>>() {}));
            case "definition" -> definition(run(m));
            case "definition_changed" -> engine.run(run(m)).map(engine::definitionChanged).orElse(false);
            case "roadmap_groups_done" -> engine.roadmapGroupsDone(rebuild(pipeline(m)));
            case "check_trust" -> engine.checkTrust(rebuild(pipeline(m)));
            case "trust" -> {
                engine.trust(Wire.read(m.get("fingerprint"), baton.model.TrustFingerprint.class));
                yield true;
            }
            default -> throw new IllegalArgumentException("unknown request '" + op + "'");
        };
    }

    private Map<String, String> configure(Map<String, String> changes) throws RunRefused, java.io.IOException {
        try {
            return service.configure(changes).asMap();
        } catch (IllegalArgumentException e) {
            throw new RunRefused(e.getMessage());
        }
    }

    private static RunId run(JsonNode m) {
        String s = m.path("run").asText("");
        if (!RunId.looksLike(s)) throw new IllegalArgumentException("not a run id: '" + s + "'");
        return new RunId(s);
    }

    /** The asking client's environment, which the run's jobs start from; null (not sent): the service's own. */
    private static Map<String, String> environment(JsonNode m) {
        JsonNode env = m.get("env");
        return env == null || env.isNull() ? null : Wire.read(env, new TypeReference<Map<String, String>>() {});
    }

    private static int positive(int n, String what) {
        if (n < 1) throw new IllegalArgumentException(what + " must be at least 1 (it was " + n + ")");
        return n;
    }

    private static List<String> jobs(JsonNode m) {
        return m.has("jobs") ? Wire.read(m.get("jobs"), new TypeReference<List<String>>() {}) : List.of();
    }

    private boolean cancel(RunId id) throws RunRefused {
        for (LiveRun r : engine.liveRuns()) {
            if (r.id().equals(id)) {
                r.cancel();
                return true;
            }
        }
        throw new RunRefused("run " + id + " is not running");
    }

    /**
     * The service's own listener (for every watcher), plus the client's when it follows the run:
     * every event, or ({@code "events": "for_people"}) only what a person reads in a log.
     */
    private List<RunListener> listeners(ClientConnection client, JsonNode m) {
        if (!m.path("follow").asBoolean()) return List.of(service.hub);
        if (!"for_people".equals(m.path("events").asText())) return List.of(service.hub, client::sendEvents);
        return List.of(service.hub, events -> client.sendEvents(events.stream().filter(RunEvent::isForPeople).toList()));
    }

    private String follow(ClientConnection client, JsonNode m, LiveRun run) {
        watchEnd(client, run, m.path("detach").asBoolean());
        return run.id().value();
    }

    /** When the run ends: the client that started it and the watchers hear it; a foreground run is tied to its client until then. */
    private void watchEnd(ClientConnection client, LiveRun run, boolean detach) {
        if (!detach) client.foreground().add(run.id());
        run.done().whenComplete((status, failure) -> {
            RunStatus s = status == null ? RunStatus.INTERRUPTED : status;
            client.foreground().remove(run.id());
            service.ended(client, run.id(), s);
        });
    }

    /** With --resume, a roadmap's groups done in its latest run are skipped: said in {@code notes}. */
    private RunOptions withGroupsDone(StartRequest req, LoadedPipeline pipeline, List<String> notes) {
        if (!req.roadmapResume()) return req.options();
        Set<String> done = engine.roadmapGroupsDone(pipeline);
        notes.add(done.isEmpty() ? "no group is done yet: running them all" : "skipping what is done: " + String.join(", ", done));
        return req.options().withAlreadyDone(done);
    }

    private Map<String, Object> plan(StartRequest req) throws RunRefused {
        LoadedPipeline pipeline = rebuild(req.pipeline());
        List<String> notes = new ArrayList<>();
        RunOptions options = withGroupsDone(req, pipeline, notes);
        List<baton.engine.plan.DryRun> plans = new ArrayList<>();
        for (String input : req.inputs()) plans.add(engine.planRun(pipeline, options.withInput(input)));
        return Map.of("plans", plans, "notes", notes);
    }

    private Map<String, Object> start(ClientConnection client, StartRequest req, JsonNode m, Map<String, String> environment) throws RunRefused {
        LoadedPipeline pipeline = rebuild(req.pipeline());
        List<String> notes = new ArrayList<>();
        RunOptions options = withGroupsDone(req, pipeline, notes);
        SlotPool slots = engine.runSlots(req.limit());
        List<RunListener> listeners = listeners(client, m);
        List<LiveRun> started = new ArrayList<>();
        try {
            for (String input : req.inputs()) started.add(engine.start(pipeline, options.withInput(input), listeners, slots, environment));
        } catch (RunRefused e) {
            started.forEach(LiveRun::cancel);
            for (LiveRun r : started) awaitQuietly(r);
            throw e;
        }
        for (LiveRun r : started) watchEnd(client, r, req.detach());
        return Map.of("runs", started.stream().map(r -> r.id().value()).toList(), "notes", notes);
    }

    /** The client's file as it read it: parsed again from its text, keeping the client's format and hash (a script's differ from its YAML). */
    private static LoadedPipeline rebuild(StartRequest.PipelineSource src) throws RunRefused {
        try {
            return src.load();
        } catch (LoadException e) {
            throw new RunRefused("the service cannot read " + src.sourcePath() + " as the client did: " + e.getMessage());
        }
    }

    private static StartRequest.PipelineSource pipeline(JsonNode m) {
        if (!m.hasNonNull("pipeline")) throw new IllegalArgumentException("no pipeline in the request");
        return Wire.read(m.get("pipeline"), StartRequest.PipelineSource.class);
    }

    /** A run's definition as it was started: its text, for the client to read again; or the problems reading it now has. */
    private Map<String, Object> definition(RunId id) throws RunRefused {
        var record = engine.run(id).orElseThrow(() -> new RunRefused("no run " + id));
        try {
            return Map.of("source", StartRequest.PipelineSource.of(engine.definitionOf(record)));
        } catch (LoadException e) {
            return Map.of("problems", e.problems());
        }
    }

    private static void awaitQuietly(LiveRun r) {
        try {
            r.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
