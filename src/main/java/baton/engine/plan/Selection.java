package baton.engine.plan;

import baton.engine.RunOptions;
import baton.engine.RunRefused;
import baton.format.Suggest;
import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.PipelineDef;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which phases a run runs under {@code --from} / {@code --only}. {@code runs}: the phases
 * selected (all when nothing is selected); {@code needed}: the phases before them that do not
 * run but whose outputs they need, to be taken from an earlier run; {@code leftOut}: the rest,
 * skipped, with the reason shown for them. Phases switched off stay switched off whichever set
 * they would be in.
 */
public record Selection(String label, Set<String> runs, Set<String> needed, Map<String, String> leftOut) {

    static Selection of(PipelineDef def, RunOptions options, Predicate<String> switchedOff) throws RunRefused {
        Set<String> all = new LinkedHashSet<>();
        for (PhaseDef p : def.phases()) all.add(p.id());
        if (!options.selects()) return new Selection(null, all, Set.of(), Map.of());
        if (options.from() != null && !options.only().isEmpty()) {
            throw new RunRefused("--from and --only do not go together: --from " + options.from()
                    + " runs it and everything after it, --only runs just the phases named");
        }
        if (!options.alreadyDone().isEmpty()) {
            throw new RunRefused("--resume does not go with --from or --only: they already take the phases before them from the earlier run");
        }
        String option = options.from() != null ? "--from" : "--only";
        List<String> named = options.from() != null ? List.of(options.from()) : options.only();
        for (String name : named) {
            if (!all.contains(name)) throw new RunRefused(option + ": unknown phase '" + name + "'" + Suggest.hint(name, all));
            if (switchedOff.test(name)) {
                throw new RunRefused(option + " " + name + ": the phase is optional and switched off in this run: add --enable " + name);
            }
        }
        Set<String> runs = options.from() != null ? downstreamOf(def, options.from()) : new LinkedHashSet<>(named);
        String label = options.from() != null ? "--from " + options.from() : "--only " + String.join(" ", named);
        Set<String> before = new LinkedHashSet<>();
        for (String p : runs) if (!switchedOff.test(p)) before.addAll(upstreamOf(def, p));
        Set<String> needed = new LinkedHashSet<>();
        Map<String, String> leftOut = new LinkedHashMap<>();
        String why = options.from() != null ? "skipped (" + label + ")" : "not selected (--only)";
        for (String p : all) {
            if (runs.contains(p) || switchedOff.test(p)) continue;
            if (before.contains(p)) needed.add(p);
            else leftOut.put(p, why);
        }
        return new Selection(label, runs, needed, leftOut);
    }

    /** {@code phase} and every phase that needs it, directly or not. */
    private static Set<String> downstreamOf(PipelineDef def, String phase) {
        Map<String, List<String>> dependents = new HashMap<>();
        for (PhaseDef p : def.phases()) for (Need n : p.needs()) dependents.computeIfAbsent(n.phase(), k -> new java.util.ArrayList<>()).add(p.id());
        Set<String> out = new LinkedHashSet<>(List.of(phase));
        ArrayDeque<String> todo = new ArrayDeque<>(out);
        while (!todo.isEmpty()) for (String d : dependents.getOrDefault(todo.pop(), List.of())) if (out.add(d)) todo.add(d);
        return out;
    }

    /** Every phase {@code phase} needs, directly or not (BATON_UPSTREAM holds them all). */
    private static Set<String> upstreamOf(PipelineDef def, String phase) {
        Set<String> out = new LinkedHashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(phase));
        while (!todo.isEmpty()) {
            for (Need n : def.phase(todo.pop()).orElseThrow().needs()) if (out.add(n.phase())) todo.add(n.phase());
        }
        return out;
    }
}
