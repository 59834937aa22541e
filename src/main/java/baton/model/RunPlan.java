package baton.model;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Everything a run was started with besides its definition: parameters, the switch of every
 * optional phase, the phases skipped as done in an earlier run (a roadmap's {@code --resume}, and
 * the phases before {@code --from}/{@code --only}, whose outputs were taken from an earlier run:
 * {@code takenFrom}, phase to run id), the phases left out by {@code --from}/{@code --only}
 * ({@code leftOut}, phase to why), the input file, the concurrency, and whether approval
 * checkpoints pass by themselves ({@code autoApprove}, {@code --yes-approvals} for CI). Built once when the run
 * starts and stored with it; retry and resume read only this, so they run the run that was
 * started, whatever the options of the command that asks for them. {@code executor} is the run's
 * {@code --executor} (null: the pipeline's choice), so a resumed run goes on where it ran.
 */
public record RunPlan(Map<String, String> params, Map<String, Boolean> switches, Set<String> alreadyDone, String input, int concurrency,
                      Map<String, String> takenFrom, Map<String, String> leftOut, boolean autoApprove, String executor) {
    public RunPlan {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        switches = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(switches));
        alreadyDone = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(alreadyDone));
        takenFrom = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(takenFrom == null ? Map.of() : takenFrom));
        leftOut = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(leftOut == null ? Map.of() : leftOut));
    }

    public RunPlan(Map<String, String> params, Map<String, Boolean> switches, Set<String> alreadyDone, String input, int concurrency,
                   Map<String, String> takenFrom, Map<String, String> leftOut, boolean autoApprove) {
        this(params, switches, alreadyDone, input, concurrency, takenFrom, leftOut, autoApprove, null);
    }

    public RunPlan(Map<String, String> params, Map<String, Boolean> switches, Set<String> alreadyDone, String input, int concurrency) {
        this(params, switches, alreadyDone, input, concurrency, Map.of(), Map.of(), false);
    }

    public RunPlan(Map<String, String> params, Map<String, Boolean> switches, Set<String> alreadyDone, String input, int concurrency,
                   Map<String, String> takenFrom, Map<String, String> leftOut) {
        this(params, switches, alreadyDone, input, concurrency, takenFrom, leftOut, false);
    }

    /** The phases that do not run in this run: optional ones switched off, those done before, those left out. */
    public Set<String> notRun() {
        Set<String> off = new LinkedHashSet<>(alreadyDone);
        for (String phase : switches.keySet()) if (switchedOff(phase)) off.add(phase);
        off.addAll(leftOut.keySet());
        return off;
    }

    /** Whether {@code phase} is an optional phase switched off in this run. */
    public boolean switchedOff(String phase) {
        return Boolean.FALSE.equals(switches.get(phase));
    }

    /** Why a phase that does not run is skipped, as its jobs' skip reason says. */
    public String notRunReason(String phase) {
        if (takenFrom.containsKey(phase)) return "taken from run " + takenFrom.get(phase);
        if (alreadyDone.contains(phase)) return "done in an earlier run";
        if (leftOut.containsKey(phase)) return leftOut.get(phase);
        return "switched off";
    }
}
