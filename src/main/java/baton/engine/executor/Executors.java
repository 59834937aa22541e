package baton.engine.executor;

import baton.model.PhaseDef;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The executors one engine has, by name, and the choice of the one a phase runs on: an http
 * phase on the http executor; otherwise the phase's own {@code executor}, else the run's
 * ({@code --executor}), else the pipeline's, else local.
 */
public final class Executors {
    public static final String HTTP = "http";

    private final Map<String, Executor> byName = new LinkedHashMap<>();

    public Executors(Collection<? extends Executor> executors) {
        for (Executor e : executors) byName.put(e.name(), e);
    }

    public Executor named(String name) {
        return byName.get(name);
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The name of the executor {@code phase} runs on, given the run's and the pipeline's defaults (either may be null). */
    public static String nameFor(PhaseDef phase, String runDefault, String pipelineDefault) {
        if (phase.http() != null) return HTTP;
        if (phase.executor() != null) return phase.executor();
        if (runDefault != null) return runDefault;
        if (pipelineDefault != null) return pipelineDefault;
        return LocalExecutor.NAME;
    }

    public Executor forPhase(PhaseDef phase, String runDefault, String pipelineDefault) {
        return byName.get(nameFor(phase, runDefault, pipelineDefault));
    }

    /** Every executor, for recovery (a run's attempts may have run on any of them). */
    public Collection<Executor> all() {
        return byName.values();
    }
}
