package baton.format;

import baton.format.MarkdownBlocks.Field;
import baton.model.SourcePos;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the {@code Key: value} lines of Markdown task graphs. Every field is either acted on,
 * refused with a located reason, or (under a task) kept for the job as a TASK_&lt;NAME&gt; variable:
 * none is dropped. A key one typo away from a known one is refused with a did-you-mean rather
 * than kept, since "Timout: 1s" kept as TASK_TIMOUT would look accepted and do nothing.
 */
final class MarkdownFields {
    /** Task fields that would replace a variable Baton sets from the task's place in the file. */
    private static final Map<String, String> FIXED = Map.of("id", "TASK_ID", "title", "TASK_TITLE", "group", "TASK_GROUP",
            "phase", "TASK_PHASE");

    private final String file;
    private final List<Problem> problems;

    MarkdownFields(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /**
     * A field of a title or heading (not a task). Known keys go to {@code scope}; a near miss of one
     * is refused. Anything else is the heading's prose ("Status: draft" under a title), left alone.
     */
    void scopeField(MarkdownScope scope, Field f, List<String> known, Map<String, String> refused, String where) {
        String name = canonical(f.name());
        if (refused.containsKey(name)) {
            problem(f.pos(), "'" + f.key() + ":' " + refused.get(name));
            return;
        }
        if (!isKnown(known, name)) {
            String hint = Suggest.hint(f.key(), known);
            if (!hint.isEmpty()) problem(f.pos(), "unknown field '" + f.key() + "'" + hint + " " + where + "; it takes " + String.join(", ", known));
            return;
        }
        switch (name) {
            case "worker" -> scope.worker = f.literal();
            case "gate" -> scope.gate = f.literal();
            case "branch" -> scope.branch = f.literal();
            case "timeout" -> scope.timeout = duration(f);
            case "retries" -> scope.retries = count(f, 0, 1000);
            case "concurrency" -> scope.concurrency = count(f, 1, 10_000);
            default -> throw new IllegalArgumentException("no setting '" + name + "'");
        }
    }

    /**
     * A field under a task: one of {@code known} (Command, Branch, Timeout, Retries, Description,
     * and Depends on through {@code dependsOn}), a refused one, a near miss, or else metadata.
     */
    void taskField(MarkdownTask t, Field f, List<String> known, Map<String, String> refused, Consumer<Field> dependsOn) {
        String name = canonical(f.name());
        Optional<String> refusal = refusal(f, refused);
        if (refusal.isPresent()) {
            problem(f.pos(), "'" + f.key() + ":' " + refusal.get());
            return;
        }
        boolean isKnown = isKnown(known, name);
        if (!isKnown) {
            String hint = Suggest.hint(f.key(), known);
            if (!hint.isEmpty()) {
                problem(f.pos(), "unknown task field '" + f.key() + "'" + hint + ": a task takes " + String.join(", ", known)
                        + "; other fields are kept for the job as TASK_<NAME>");
                return;
            }
        }
        if (!name.equals("description") && !name.equals("depends on") && !t.seen.add(isKnown ? name : f.envName())) {
            problem(f.pos(), "task '" + t.id + "' has '" + f.key() + ":' twice: keep one");
            return;
        }
        if (!isKnown) {
            t.metadata.put(f.envName(), f.value());
            return;
        }
        switch (name) {
            case "command" -> t.command = f.literal();
            case "branch" -> t.branch = f.literal();
            case "timeout" -> t.timeout = duration(f);
            case "retries" -> t.retries = count(f, 0, 1000);
            case "description" -> t.description.add(f.value());
            case "depends on" -> dependsOn.accept(f);
            default -> throw new IllegalArgumentException("no task field '" + name + "'");
        }
    }

    /** Why a task cannot take this field, if it cannot: the rest of a sentence that starts with the field's name. */
    static Optional<String> refusal(Field f, Map<String, String> refused) {
        String name = canonical(f.name());
        if (FIXED.containsKey(name)) {
            return Optional.of("would replace " + FIXED.get(name) + ", which Baton sets from where the task is written: rename it");
        }
        return Optional.ofNullable(refused.get(name));
    }

    private static boolean isKnown(List<String> known, String name) {
        return known.stream().anyMatch(k -> canonical(k.toLowerCase(Locale.ROOT)).equals(name));
    }

    /** "Depends" is how some write "Depends on"; "Max workers" is a cascade's word for Concurrency. */
    static String canonical(String name) {
        return switch (name) {
            case "depends" -> "depends on";
            case "max workers" -> "concurrency";
            default -> name;
        };
    }

    Duration duration(Field f) {
        var d = Durations.parse(f.literal());
        if (d.isPresent() && d.get().isZero()) {
            // as in YAML: a zero timeout would end every job at once
            problem(f.pos(), "'" + f.key() + ":' is '" + f.literal().strip() + "', which is zero: give a duration of at least 1ms, or remove it for no timeout");
            return null;
        }
        if (d.isPresent()) return d.get();
        String hint = f.literal().strip().matches("\\d+") ? " (write '" + f.literal().strip() + "s' for seconds)" : "";
        problem(f.pos(), "bad duration '" + f.literal() + "' for '" + f.key() + ":': write a number with a unit, such as 250ms, 90s, 5m or 2h" + hint);
        return null;
    }

    Integer count(Field f, int min, int max) {
        try {
            int n = Integer.parseInt(f.literal().strip());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        problem(f.pos(), "'" + f.key() + ":' takes a whole number from " + min + " to " + max + ", not '" + f.literal().strip() + "'");
        return null;
    }

    void problem(SourcePos pos, String message) {
        problems.add(Problem.at(file, pos, message));
    }
}
