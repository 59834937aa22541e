package baton.model;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Everything a run was started with besides its definition: parameters, the switch of every
 * optional phase, the phases skipped as done in an earlier run (a roadmap's {@code --resume}),
 * the input file, the concurrency, and whether approval checkpoints pass by themselves
 * ({@code --yes-approvals}, for CI). Built once when the run starts and stored with it; retry
 * and resume read only this, so they run the run that was started, whatever the options of the
 * command that asks for them.
 */
public record RunPlan(Map<String, String> params, Map<String, Boolean> switches, Set<String> alreadyDone, String input, int concurrency,
                      boolean autoApprove) {
    public RunPlan(Map<String, String> params, Map<String, Boolean> switches, Set<String> alreadyDone, String input, int concurrency) {
        this(params, switches, alreadyDone, input, concurrency, false);
    }

    public RunPlan {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        switches = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(switches));
        alreadyDone = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(alreadyDone));
    }

    /** The phases that do not run in this run: optional ones switched off, and those done before. */
    public Set<String> notRun() {
        Set<String> off = new LinkedHashSet<>(alreadyDone);
        switches.forEach((phase, on) -> {
            if (!on) off.add(phase);
        });
        return off;
    }
}
