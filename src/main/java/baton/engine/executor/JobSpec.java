package baton.engine.executor;

import baton.engine.plan.PlannedJob;
import baton.model.PhaseDef;
import baton.model.RunId;

import java.nio.file.Path;
import java.util.Map;

/**
 * One attempt to start, as every executor sees it: who it is, what its phase says, its working
 * folder, its whole environment (the BATON_* identity included), its attempt folder and the log
 * that must receive its output. {@code params} and {@code input} are the run's (an http phase
 * sends them).
 */
public record JobSpec(RunId run, PlannedJob job, int attempt, PhaseDef phase, Map<String, String> params, String input,
                      Path cwd, Map<String, String> env, Path attemptDir, Path log, long logCap) {
    public String command() {
        return phase.run();
    }
}
