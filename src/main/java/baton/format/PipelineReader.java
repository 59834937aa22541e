package baton.format;

import baton.format.SourceNode.Entry;
import baton.format.SourceNode.ListNode;
import baton.format.SourceNode.MapNode;
import baton.format.SourceNode.Scalar;
import baton.model.Foreach;
import baton.model.HttpCall;
import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RetryPolicy;
import baton.model.SourcePos;
import baton.model.When;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Maps a YAML/JSON {@link SourceNode} tree onto the model (SPEC 1.1), collecting located problems. */
final class PipelineReader {
    static final Set<String> PIPELINE_KEYS = orderedSet("pipeline", "title", "concurrency", "params", "input", "env",
            "defaults", "phases", "max_spawn");
    static final Set<String> PHASE_KEYS = orderedSet("id", "name", "run", "cwd", "env", "needs", "optional", "enabled",
            "confirm", "fatal", "timeout", "retries", "foreach", "contract", "artifacts", "lane", "http", "approve");
    static final Set<String> DEFAULTS_KEYS = orderedSet("timeout", "retries");
    static final Set<String> RETRY_KEYS = orderedSet("max", "delay", "backoff", "max_delay");
    static final Set<String> NEED_KEYS = orderedSet("phase", "when");
    static final Set<String> FOREACH_KEYS = orderedSet("param", "output");
    static final Set<String> HTTP_KEYS = orderedSet("url", "method", "callback", "timeout", "body");

    private final String file;
    private final List<Problem> problems;

    PipelineReader(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** Returns null when the root is too broken to go on; problems say why. */
    PipelineDef read(SourceNode root, String baseDir) {
        if (!(root instanceof MapNode map)) {
            problem(root.pos(), "expected a pipeline (a mapping with 'pipeline:' and 'phases:'), found " + SourceNode.describe(root));
            return null;
        }
        checkKeys(map, PIPELINE_KEYS, "pipeline");
        String id = requiredString(map, "pipeline", "give the pipeline an id, for example 'pipeline: lighting'");
        if (id != null) {
            // located here, where the value's position is known; the validator only knows the file
            String why = PipelineValidator.idProblem("pipeline", id);
            if (why != null) problem(map.entries().get("pipeline").value().pos(), why);
        }
        String title = optString(map, "title");
        Integer concurrency = optInt(map, "concurrency", 1, 10_000);
        Map<String, String> params = stringMap(map, "params");
        List<String> input = stringList(map, "input");
        Map<String, String> env = stringMap(map, "env");
        Duration defaultTimeout = null;
        RetryPolicy defaultRetries = RetryPolicy.NONE;
        Entry defaults = map.entries().get("defaults");
        if (defaults != null) {
            if (defaults.value() instanceof MapNode dm) {
                checkKeys(dm, DEFAULTS_KEYS, "defaults");
                defaultTimeout = optDuration(dm, "timeout");
                RetryPolicy r = optRetries(dm);
                if (r != null) defaultRetries = r;
            } else {
                expected(defaults.value(), "'defaults' to be a mapping such as { timeout: 30m, retries: 1 }");
            }
        }
        Integer maxSpawn = optInt(map, "max_spawn", 0, 1_000_000);
        List<PhaseDef> phases = new ArrayList<>();
        Entry phasesEntry = map.entries().get("phases");
        if (phasesEntry == null) {
            problem(map.pos(), "missing 'phases': list the steps of the pipeline under 'phases:'");
        } else if (phasesEntry.value() instanceof ListNode list) {
            if (list.items().isEmpty()) problem(list.pos(), "'phases' is empty: add at least one phase with an 'id' and a 'run' command");
            for (SourceNode item : list.items()) {
                PhaseDef phase = phase(item, defaultTimeout, defaultRetries);
                if (phase != null) phases.add(phase);
            }
        } else if (phasesEntry.value() instanceof MapNode) {
            expected(phasesEntry.value(), "'phases' to be a list: write each phase as '- id: ...'");
        } else {
            expected(phasesEntry.value(), "'phases' to be a list of phases");
        }
        return new PipelineDef(id, title, concurrency, params, input, env, defaultTimeout, defaultRetries,
                maxSpawn == null ? PipelineDef.DEFAULT_MAX_SPAWN : maxSpawn, phases, baseDir);
    }

    PhaseDef phase(SourceNode node, Duration defaultTimeout, RetryPolicy defaultRetries) {
        if (!(node instanceof MapNode m)) {
            expected(node, "a phase (a mapping with 'id' and 'run')");
            return null;
        }
        checkKeys(m, PHASE_KEYS, "phase");
        String id = requiredString(m, "id", "give every phase an 'id'");
        if (id == null) return null;
        String run = optString(m, "run");
        HttpCall http = optHttp(m);
        if (run == null && http == null && !m.entries().containsKey("run")) {
            problem(m.pos(), "phase '" + id + "' has nothing to run: add 'run: <shell command>' (or 'http:' for a phase server)");
        }
        if (run != null && http != null) {
            problem(m.entries().get("http").keyPos(), "phase '" + id + "' has both 'run' and 'http': keep one");
        }
        Duration timeout = optDuration(m, "timeout");
        RetryPolicy retries = optRetries(m);
        boolean optional = optBool(m, "optional", false);
        Entry enabledEntry = m.entries().get("enabled");
        boolean enabled = optBool(m, "enabled", false);
        if (enabledEntry != null && !optional) {
            problem(enabledEntry.keyPos(), "'enabled' only applies to optional phases: add 'optional: true' to phase '" + id + "' or remove 'enabled'");
        }
        return new PhaseDef(id, optString(m, "name"), run, optString(m, "cwd"), stringMap(m, "env"), needs(m),
                optional, enabled, optString(m, "confirm"), optBool(m, "fatal", true),
                timeout != null ? timeout : defaultTimeout, retries != null ? retries : defaultRetries,
                optForeach(m), optString(m, "contract"), stringList(m, "artifacts"), optString(m, "lane"), http,
                m.entries().get("id").value().pos(), null, approve(m));
    }

    /** {@code approve: "question"}: the phase's jobs wait for a person (or --yes-approvals) before they run. */
    private String approve(MapNode m) {
        String q = optString(m, "approve");
        if (q != null && q.isBlank()) problem(m.entries().get("approve").value().pos(), "'approve' needs the question to ask, for example approve: \"Check the translations first\"");
        return q;
    }

    private List<Need> needs(MapNode m) {
        Entry e = m.entries().get("needs");
        if (e == null) return List.of();
        List<SourceNode> items = e.value() instanceof ListNode l ? l.items() : List.of(e.value());
        List<Need> needs = new ArrayList<>();
        for (SourceNode item : items) {
            if (item instanceof Scalar s && s.text() != null) {
                needs.add(new Need(s.text(), When.SUCCESS, s.pos()));
            } else if (item instanceof MapNode nm) {
                checkKeys(nm, NEED_KEYS, "need");
                String phase = requiredString(nm, "phase", "name the upstream phase: { phase: <id>, when: success }");
                When when = When.SUCCESS;
                Entry w = nm.entries().get("when");
                if (w != null) {
                    String text = scalarText(w.value());
                    try {
                        when = When.valueOf(text == null ? "" : text.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException ex) {
                        problem(w.value().pos(), "'when' must be success, failure or always, not " + SourceNode.describe(w.value())
                                + Suggest.hint(String.valueOf(text), List.of("success", "failure", "always")));
                    }
                }
                if (phase != null) needs.add(new Need(phase, when, nm.entries().get("phase").value().pos()));
            } else {
                expected(item, "a need: a phase id or { phase: <id>, when: success|failure|always }");
            }
        }
        return needs;
    }

    private RetryPolicy optRetries(MapNode m) {
        Entry e = m.entries().get("retries");
        if (e == null) return null;
        if (e.value() instanceof Scalar s) {
            Integer n = intValue(s, 0, 1000, "retries");
            return n == null ? null : RetryPolicy.times(n);
        }
        if (e.value() instanceof MapNode rm) {
            checkKeys(rm, RETRY_KEYS, "retries");
            Integer max = optInt(rm, "max", 0, 1000);
            Duration delay = optDuration(rm, "delay", true);
            Double backoff = optDouble(rm, "backoff", 1.0, 100.0);
            Duration maxDelay = optDuration(rm, "max_delay");
            if (max == null && !rm.entries().containsKey("max")) problem(rm.pos(), "'retries' needs 'max': how many times to try again");
            return new RetryPolicy(max == null ? 0 : max, delay == null ? Duration.ZERO : delay,
                    backoff == null ? 1.0 : backoff, maxDelay);
        }
        expected(e.value(), "'retries' to be a number or { max, delay, backoff, max_delay }");
        return null;
    }

    private Foreach optForeach(MapNode m) {
        Entry e = m.entries().get("foreach");
        if (e == null) return null;
        if (e.value() instanceof ListNode l) {
            List<String> items = new ArrayList<>();
            for (SourceNode item : l.items()) {
                String t = scalarText(item);
                if (t == null) expected(item, "a plain value as a foreach item");
                else items.add(t);
            }
            return new Foreach.Literal(items);
        }
        if (e.value() instanceof MapNode fm) {
            checkKeys(fm, FOREACH_KEYS, "foreach");
            if (fm.entries().size() != 1) {
                problem(fm.pos(), "'foreach' takes exactly one of 'param' or 'output'");
                return null;
            }
            String param = optString(fm, "param");
            if (param != null) return new Foreach.Param(param);
            String output = optString(fm, "output");
            if (output != null) {
                int dot = output.lastIndexOf('.');
                if (dot <= 0 || dot == output.length() - 1) {
                    problem(fm.entries().get("output").value().pos(), "'foreach: { output: ... }' must be '<phase>.<key>', for example 'parse.scenes'");
                    return null;
                }
                return new Foreach.Output(output.substring(0, dot), output.substring(dot + 1));
            }
            return null;
        }
        expected(e.value(), "'foreach' to be a list, { param: <name> } or { output: <phase>.<key> }");
        return null;
    }

    private HttpCall optHttp(MapNode m) {
        Entry e = m.entries().get("http");
        if (e == null) return null;
        if (!(e.value() instanceof MapNode hm)) {
            expected(e.value(), "'http' to be a mapping such as { url: http://localhost:3459/start, callback: true }");
            return null;
        }
        checkKeys(hm, HTTP_KEYS, "http");
        String url = requiredString(hm, "url", "give the phase server's URL");
        SourcePos urlPos = hm.entries().containsKey("url") ? hm.entries().get("url").value().pos() : hm.pos();
        if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
            problem(urlPos, "'url' must start with http:// or https://");
        }
        if (url != null) malformedReferences(url, urlPos, "url");
        String method = optString(hm, "method");
        if (method != null && !Set.of("GET", "POST", "PUT").contains(method.toUpperCase(Locale.ROOT))) {
            problem(hm.entries().get("method").value().pos(), "'method' must be GET, POST or PUT");
        }
        Entry bodyEntry = hm.entries().get("body");
        String body = bodyEntry == null ? null : bodyTemplate(bodyEntry.value());
        return new HttpCall(url, method == null ? "POST" : method.toUpperCase(Locale.ROOT), optBool(hm, "callback", false),
                optDuration(hm, "timeout"), body, urlPos, bodyEntry == null ? null : bodyEntry.value().pos());
    }

    /**
     * The request body as JSON text with its ${NAME} references still in it: a mapping or list is
     * written as JSON, a string is taken as JSON text. Either must be JSON once references are
     * filled in, which is checked here with a stand-in value so a broken template fails at load time.
     */
    private String bodyTemplate(SourceNode value) {
        String text = switch (value) {
            case MapNode m -> toJson(m).toString();
            case ListNode l -> toJson(l).toString();
            case Scalar s when s.isString() && s.text() != null -> s.text();
            default -> null;
        };
        if (text == null) {
            expected(value, "'body' to be a mapping, a list, or JSON text such as '{\"lang\": \"${language}\"}'");
            return null;
        }
        if (!malformedReferences(text, value.pos(), "body")) return text;
        try {
            JSON.readTree(Placeholders.resolve(text, name -> "0", v -> v));
        } catch (Placeholders.Unresolved | IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            why = why.lines().findFirst().orElse(why).replaceFirst("\\s*\\(start marker at .*|\\s*at \\[Source.*", "");
            problem(value.pos(), "'body' is not JSON (" + why
                    + "): write a mapping, or JSON text with ${NAME} where values go");
        }
        return text;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode toJson(SourceNode n) {
        var f = JSON.getNodeFactory();
        return switch (n) {
            case MapNode m -> {
                var o = f.objectNode();
                m.entries().values().forEach(e -> o.set(e.key(), toJson(e.value())));
                yield o;
            }
            case ListNode l -> {
                var a = f.arrayNode();
                l.items().forEach(i -> a.add(toJson(i)));
                yield a;
            }
            case Scalar s when s.text() == null -> f.nullNode();
            case Scalar s when s.isString() -> f.textNode(s.text());
            case Scalar s when s.text().equals("true") || s.text().equals("false") -> f.booleanNode(Boolean.parseBoolean(s.text()));
            case Scalar s -> {
                try {
                    yield f.numberNode(new BigDecimal(s.text()));
                } catch (NumberFormatException e) {
                    yield f.textNode(s.text()); // .inf, .nan: not JSON numbers, kept as text
                }
            }
        };
    }

    /** Reports ${...} that are not references; true when there were none. */
    private boolean malformedReferences(String text, SourcePos at, String key) {
        List<Placeholders.Malformed> bad = new ArrayList<>();
        Placeholders.references(text, bad);
        for (Placeholders.Malformed m : bad) problem(at, "in '" + key + "': " + m.message());
        return bad.isEmpty();
    }

    // --- small typed getters; each reports a located problem and returns null on a bad value ---

    private void checkKeys(MapNode m, Set<String> allowed, String what) {
        for (Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                problem(e.keyPos(), "unknown key '" + e.key() + "' in " + what + Suggest.hint(e.key(), allowed)
                        + "; allowed: " + String.join(", ", allowed));
            }
        }
    }

    private String requiredString(MapNode m, String key, String advice) {
        Entry e = m.entries().get(key);
        if (e == null) {
            problem(m.pos(), "missing '" + key + "': " + advice);
            return null;
        }
        String t = scalarText(e.value());
        if (t == null || t.isBlank()) {
            expected(e.value(), "'" + key + "' to be a non-empty value");
            return null;
        }
        return t;
    }

    private String optString(MapNode m, String key) {
        Entry e = m.entries().get(key);
        if (e == null) return null;
        String t = scalarText(e.value());
        if (t == null) expected(e.value(), "'" + key + "' to be a text value");
        return t;
    }

    private Integer optInt(MapNode m, String key, int min, int max) {
        Entry e = m.entries().get(key);
        if (e == null) return null;
        if (!(e.value() instanceof Scalar s)) {
            expected(e.value(), "'" + key + "' to be a whole number");
            return null;
        }
        return intValue(s, min, max, key);
    }

    private Integer intValue(Scalar s, int min, int max, String key) {
        try {
            int n = Integer.parseInt(String.valueOf(s.text()).strip());
            if (n < min || n > max) {
                problem(s.pos(), "'" + key + "' must be between " + min + " and " + max + ", not " + n);
                return null;
            }
            return n;
        } catch (NumberFormatException ex) {
            expected(s, "'" + key + "' to be a whole number");
            return null;
        }
    }

    private Double optDouble(MapNode m, String key, double min, double max) {
        Entry e = m.entries().get(key);
        if (e == null) return null;
        try {
            double d = Double.parseDouble(String.valueOf(scalarText(e.value())).strip());
            if (d < min || d > max || Double.isNaN(d)) {
                problem(e.value().pos(), "'" + key + "' must be between " + min + " and " + max);
                return null;
            }
            return d;
        } catch (NumberFormatException ex) {
            expected(e.value(), "'" + key + "' to be a number");
            return null;
        }
    }

    private boolean optBool(MapNode m, String key, boolean dflt) {
        Entry e = m.entries().get(key);
        if (e == null) return dflt;
        String t = scalarText(e.value());
        if ("true".equals(t)) return true;
        if ("false".equals(t)) return false;
        expected(e.value(), "'" + key + "' to be true or false");
        return dflt;
    }

    /** A duration that must be above zero: a zero timeout would end every job at once. */
    private Duration optDuration(MapNode m, String key) {
        return optDuration(m, key, false);
    }

    private Duration optDuration(MapNode m, String key, boolean zeroAllowed) {
        Entry e = m.entries().get(key);
        if (e == null) return null;
        String t = scalarText(e.value());
        var d = Durations.parse(t);
        if (d.isEmpty()) {
            String hint = t != null && t.strip().matches("\\d+") ? " (write '" + t.strip() + "s' for seconds)" : "";
            problem(e.value().pos(), "bad duration " + SourceNode.describe(e.value()) + " for '" + key
                    + "': write a number with a unit, such as 250ms, 90s, 5m or 2h" + hint);
            return null;
        }
        if (d.get().isZero() && !zeroAllowed) {
            problem(e.value().pos(), "'" + key + "' is " + SourceNode.describe(e.value()) + ", which is zero: give a duration of at least 1ms"
                    + ("timeout".equals(key) ? ", or remove it for no timeout" : ""));
            return null;
        }
        return d.get();
    }

    private Map<String, String> stringMap(MapNode m, String key) {
        Entry e = m.entries().get(key);
        if (e == null) return Map.of();
        if (!(e.value() instanceof MapNode vm)) {
            expected(e.value(), "'" + key + "' to be a mapping of NAME: value");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Entry v : vm.entries().values()) {
            if (!v.key().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                problem(v.keyPos(), "'" + v.key() + "' cannot be an environment variable name: use letters, digits and _ only");
                continue;
            }
            if (v.value() instanceof Scalar s) {
                out.put(v.key(), s.text() == null ? "" : s.text());
            } else {
                expected(v.value(), "a plain value for '" + v.key() + "'");
            }
        }
        return out;
    }

    private List<String> stringList(MapNode m, String key) {
        Entry e = m.entries().get(key);
        if (e == null) return List.of();
        if (e.value() instanceof Scalar s && s.text() != null) return List.of(s.text());
        if (!(e.value() instanceof ListNode l)) {
            expected(e.value(), "'" + key + "' to be a list");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (SourceNode item : l.items()) {
            String t = scalarText(item);
            if (t == null) expected(item, "a plain value in '" + key + "'");
            else out.add(t);
        }
        return out;
    }

    private static String scalarText(SourceNode n) {
        return n instanceof Scalar s ? s.text() : null;
    }

    private void expected(SourceNode found, String what) {
        problem(found.pos(), "expected " + what + ", found " + SourceNode.describe(found));
    }

    private void problem(SourcePos pos, String message) {
        problems.add(Problem.at(file, pos, message));
    }

    private static Set<String> orderedSet(String... s) {
        return new java.util.LinkedHashSet<>(List.of(s));
    }
}
