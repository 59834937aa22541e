package baton.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The search for a cycle in the needs among some phases: a pipeline's (the validator) and the
 * phases of one spawn file (the engine) are checked by this one search, so both print a cycle
 * the same way. Iterative, so a long chain of needs cannot overflow the stack.
 */
public final class NeedCycles {
    /**
     * A cycle in run order with its first phase repeated at the end ({@code a -> b -> c -> a}),
     * and the need that closes it (for its position in the file).
     */
    public record Cycle(List<String> phases, Need closing) {
        public Cycle {
            phases = List.copyOf(phases);
        }

        @Override
        public String toString() {
            return String.join(" -> ", phases);
        }
    }

    private NeedCycles() {}

    /**
     * The first cycle among {@code phases}, looking from each phase in order and at its needs in
     * order; needs on phases outside {@code phases}, and a phase's need on itself, are not followed.
     */
    public static Optional<Cycle> first(List<PhaseDef> phases) {
        Map<String, PhaseDef> byId = new HashMap<>();
        for (PhaseDef p : phases) byId.putIfAbsent(p.id(), p);
        Map<String, Boolean> onPath = new HashMap<>(); // true: on the path now; false: done
        for (PhaseDef start : phases) {
            if (onPath.containsKey(start.id())) continue;
            // the stack holds the path and, for each phase on it, the index of the next need to look at
            Deque<PhaseDef> path = new ArrayDeque<>();
            Deque<Integer> next = new ArrayDeque<>();
            path.push(start);
            next.push(0);
            onPath.put(start.id(), true);
            while (!path.isEmpty()) {
                PhaseDef cur = path.peek();
                int i = next.pop();
                if (i >= cur.needs().size()) {
                    onPath.put(cur.id(), false);
                    path.pop();
                    continue;
                }
                next.push(i + 1);
                Need n = cur.needs().get(i);
                PhaseDef up = byId.get(n.phase());
                if (up == null || up == cur) continue;
                Boolean seen = onPath.get(up.id());
                if (seen == null) {
                    onPath.put(up.id(), true);
                    path.push(up);
                    next.push(0);
                } else if (seen) {
                    return Optional.of(new Cycle(inRunOrder(path, up), n));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The stack, top first, is [cur, ..., up] and each needs the one after it; in run order that
     * is up first, then the rest as listed: up -> cur -> ... -> up.
     */
    private static List<String> inRunOrder(Deque<PhaseDef> path, PhaseDef up) {
        List<String> cycle = new ArrayList<>();
        for (PhaseDef p : path) {
            cycle.add(p.id());
            if (p == up) break;
        }
        cycle.addFirst(cycle.removeLast());
        cycle.add(cycle.getFirst());
        return cycle;
    }
}
