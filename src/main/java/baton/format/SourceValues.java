package baton.format;

import baton.format.SourceNode.Entry;
import baton.format.SourceNode.ListNode;
import baton.format.SourceNode.MapNode;
import baton.format.SourceNode.Scalar;
import baton.model.SourcePos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed values out of a YAML/JSON mapping, for the readers of a pipeline file and its blocks:
 * each getter reports a located problem and returns null (or the default) on a bad value, so
 * reading goes on and every problem of the file is found in one pass.
 */
final class SourceValues {
    private final String file;
    private final List<Problem> problems;

    SourceValues(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    void checkKeys(MapNode m, Set<String> allowed, String what) {
        for (Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                problem(e.keyPos(), "unknown key '" + e.key() + "' in " + what + Suggest.hint(e.key(), allowed)
                        + "; allowed: " + String.join(", ", allowed));
            }
        }
    }

    String requiredString(MapNode m, String key, String advice) {
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

    String optString(MapNode m, String key) {
        Entry e = m.entries().get(key);
        if (e == null) return null;
        String t = scalarText(e.value());
        if (t == null) expected(e.value(), "'" + key + "' to be a text value");
        return t;
    }

    Integer optInt(MapNode m, String key, int min, int max) {
        Entry e = m.entries().get(key);
        if (e == null) return null;
        if (!(e.value() instanceof Scalar s)) {
            expected(e.value(), "'" + key + "' to be a whole number");
            return null;
        }
        return intValue(s, min, max, key);
    }

    Integer intValue(Scalar s, int min, int max, String key) {
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

    Double optDouble(MapNode m, String key, double min, double max) {
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

    boolean optBool(MapNode m, String key, boolean dflt) {
        Entry e = m.entries().get(key);
        if (e == null) return dflt;
        String t = scalarText(e.value());
        if ("true".equals(t)) return true;
        if ("false".equals(t)) return false;
        expected(e.value(), "'" + key + "' to be true or false");
        return dflt;
    }

    /** A duration that must be above zero: a zero timeout would end every job at once. */
    Duration optDuration(MapNode m, String key) {
        return optDuration(m, key, false);
    }

    Duration optDuration(MapNode m, String key, boolean zeroAllowed) {
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

    Map<String, String> stringMap(MapNode m, String key) {
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

    List<String> stringList(MapNode m, String key) {
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

    static String scalarText(SourceNode n) {
        return n instanceof Scalar s ? s.text() : null;
    }

    void expected(SourceNode found, String what) {
        problem(found.pos(), "expected " + what + ", found " + SourceNode.describe(found));
    }

    void problem(SourcePos pos, String message) {
        problems.add(Problem.at(file, pos, message));
    }
}
