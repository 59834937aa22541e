package baton.format;

import baton.format.SourceNode.Entry;
import baton.format.SourceNode.ListNode;
import baton.format.SourceNode.MapNode;
import baton.format.SourceNode.Scalar;
import baton.model.Foreach;
import baton.model.HttpCall;
import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.RetryPolicy;
import baton.model.SlurmOptions;
import baton.model.When;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One phase of a YAML/JSON pipeline (SPEC 1.1), or of a BATON_SPAWN line: its keys, its needs,
 * retries and foreach; the {@code http:} block goes to {@link HttpBlockReader}.
 */
final class PhaseReader {
    private final SourceValues values;
    private final HttpBlockReader http;
    private final ExecutorReader executors;

    PhaseReader(String file, List<Problem> problems) {
        this.values = new SourceValues(file, problems);
        this.http = new HttpBlockReader(values);
        this.executors = new ExecutorReader(values);
    }

    PhaseDef phase(SourceNode node, Duration defaultTimeout, RetryPolicy defaultRetries) {
        return phase(node, defaultTimeout, defaultRetries, SlurmOptions.NONE);
    }

    /** The phase, with the pipeline's defaults for what it leaves out; null when it is too broken to use. */
    PhaseDef phase(SourceNode node, Duration defaultTimeout, RetryPolicy defaultRetries, SlurmOptions slurmDefaults) {
        if (!(node instanceof MapNode m)) {
            values.expected(node, "a phase (a mapping with 'id' and 'run')");
            return null;
        }
        values.checkKeys(m, FormatKeys.PHASE, "phase");
        String id = values.requiredString(m, "id", "give every phase an 'id'");
        if (id == null) return null;
        String run = values.optString(m, "run");
        HttpCall call = http.read(m);
        if (run == null && call == null && !m.entries().containsKey("run")) {
            values.problem(m.pos(), "phase '" + id + "' has nothing to run: add 'run: <shell command>' (or 'http:' for a phase server)");
        }
        if (run != null && call != null) {
            values.problem(m.entries().get("http").keyPos(), "phase '" + id + "' has both 'run' and 'http': keep one");
        }
        Duration timeout = values.optDuration(m, "timeout");
        RetryPolicy retries = retries(m);
        boolean optional = values.optBool(m, "optional", false);
        Entry enabledEntry = m.entries().get("enabled");
        boolean enabled = values.optBool(m, "enabled", false);
        if (enabledEntry != null && !optional) {
            values.problem(enabledEntry.keyPos(), "'enabled' only applies to optional phases: add 'optional: true' to phase '" + id + "' or remove 'enabled'");
        }
        return new PhaseDef(id, values.optString(m, "name"), run, values.optString(m, "cwd"), values.stringMap(m, "env"), needs(m),
                optional, enabled, values.optString(m, "confirm"), values.optBool(m, "fatal", true),
                timeout != null ? timeout : defaultTimeout, retries != null ? retries : defaultRetries,
                foreach(m), values.optString(m, "contract"), values.stringList(m, "artifacts"), values.optString(m, "lane"), call,
                m.entries().get("id").value().pos(), null, approve(m), executors.executor(m), slurm(m, slurmDefaults));
    }

    private SlurmOptions slurm(MapNode m, SlurmOptions defaults) {
        SlurmOptions own = executors.slurm(m);
        return own == null ? defaults : own.over(defaults);
    }

    /** {@code retries: N} or {@code retries: { max, delay, backoff, max_delay }} of a phase or the defaults; null when absent or bad. */
    RetryPolicy retries(MapNode m) {
        Entry e = m.entries().get("retries");
        if (e == null) return null;
        if (e.value() instanceof Scalar s) {
            Integer n = values.intValue(s, 0, 1000, "retries");
            return n == null ? null : RetryPolicy.times(n);
        }
        if (e.value() instanceof MapNode rm) {
            values.checkKeys(rm, FormatKeys.RETRIES, "retries");
            Integer max = values.optInt(rm, "max", 0, 1000);
            Duration delay = values.optDuration(rm, "delay", true);
            Double backoff = values.optDouble(rm, "backoff", 1.0, 100.0);
            Duration maxDelay = values.optDuration(rm, "max_delay");
            if (max == null && !rm.entries().containsKey("max")) values.problem(rm.pos(), "'retries' needs 'max': how many times to try again");
            return new RetryPolicy(max == null ? 0 : max, delay == null ? Duration.ZERO : delay,
                    backoff == null ? 1.0 : backoff, maxDelay);
        }
        values.expected(e.value(), "'retries' to be a number or { max, delay, backoff, max_delay }");
        return null;
    }

    /** {@code approve: "question"}: the phase's jobs wait for a person (or --yes-approvals) before they run. */
    private String approve(MapNode m) {
        String q = values.optString(m, "approve");
        if (q != null && q.isBlank()) values.problem(m.entries().get("approve").value().pos(), "'approve' needs the question to ask, for example approve: \"Check the translations first\"");
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
                values.checkKeys(nm, FormatKeys.NEED, "need");
                String phase = values.requiredString(nm, "phase", "name the upstream phase: { phase: <id>, when: success }");
                When when = When.SUCCESS;
                Entry w = nm.entries().get("when");
                if (w != null) {
                    String text = SourceValues.scalarText(w.value());
                    try {
                        when = When.valueOf(text == null ? "" : text.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException ex) {
                        values.problem(w.value().pos(), "'when' must be success, failure or always, not " + SourceNode.describe(w.value())
                                + Suggest.hint(String.valueOf(text), List.of("success", "failure", "always")));
                    }
                }
                if (phase != null) needs.add(new Need(phase, when, nm.entries().get("phase").value().pos()));
            } else {
                values.expected(item, "a need: a phase id or { phase: <id>, when: success|failure|always }");
            }
        }
        return needs;
    }

    private Foreach foreach(MapNode m) {
        Entry e = m.entries().get("foreach");
        if (e == null) return null;
        if (e.value() instanceof ListNode l) {
            List<String> items = new ArrayList<>();
            for (SourceNode item : l.items()) {
                String t = SourceValues.scalarText(item);
                if (t == null) values.expected(item, "a plain value as a foreach item");
                else items.add(t);
            }
            return new Foreach.Literal(items);
        }
        if (e.value() instanceof MapNode fm) {
            values.checkKeys(fm, FormatKeys.FOREACH, "foreach");
            if (fm.entries().size() != 1) {
                values.problem(fm.pos(), "'foreach' takes exactly one of 'param' or 'output'");
                return null;
            }
            String param = values.optString(fm, "param");
            if (param != null) return new Foreach.Param(param);
            String output = values.optString(fm, "output");
            if (output != null) {
                int dot = output.lastIndexOf('.');
                if (dot <= 0 || dot == output.length() - 1) {
                    values.problem(fm.entries().get("output").value().pos(), "'foreach: { output: ... }' must be '<phase>.<key>', for example 'parse.scenes'");
                    return null;
                }
                return new Foreach.Output(output.substring(0, dot), output.substring(dot + 1));
            }
            return null;
        }
        values.expected(e.value(), "'foreach' to be a list, { param: <name> } or { output: <phase>.<key> }");
        return null;
    }
}
