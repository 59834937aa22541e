package baton.engine.plan;

import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RunId;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The environment of SPEC 2. Values reach a job only here, never spliced into its command. */
public final class JobEnvironment {
    private JobEnvironment() {}

    public static Map<String, String> build(Map<String, String> base, String instance, PipelineDef def, PhaseDef phase, Map<String, String> params,
                                     RunId run, PlannedJob job, int attempt, String input, Path runDir, Path attemptDir) {
        Map<String, String> env = new HashMap<>(base);
        for (String k : PER_JOB) env.remove(k);
        env.putAll(declared(def, phase, params, job, input));
        env.put("BATON_INSTANCE", instance);
        env.put("BATON_RUN_ID", run.value());
        env.put("BATON_JOB_ID", job.id());
        env.put("BATON_PHASE_ID", job.phaseId());
        env.put("BATON_ATTEMPT", Integer.toString(attempt));
        env.put("BATON_PIPELINE_ID", def.id());
        env.put("BATON_RUN_DIR", runDir.toString());
        env.put("BATON_OUTPUT", attemptDir.resolve("output").toString());
        env.put("BATON_METRICS", attemptDir.resolve("metrics").toString());
        env.put("BATON_SPAWN", attemptDir.resolve("spawn").toString());
        env.put("BATON_RESULT", attemptDir.resolve("result.json").toString());
        env.put("BATON_UPSTREAM", attemptDir.resolve("upstream.json").toString());
        return env;
    }

    /** Variables that belong to one job or run: never inherited from Baton's own environment or set by a file. */
    private static final List<String> PER_JOB = List.of("BATON_INPUT", "BATON_ITEM", "BATON_INDEX");

    /**
     * What the files and the run's options add to a job's environment (the pipeline's and the
     * phase's {@code env}, the params, the input, the item), in that order, later ones winning;
     * {@code baton plan} shows this, and {@link #build} adds Baton's own variables on top.
     */
    public static Map<String, String> declared(PipelineDef def, PhaseDef phase, Map<String, String> params, PlannedJob job, String input) {
        Map<String, String> env = new LinkedHashMap<>();
        env.putAll(def.env());
        env.putAll(phase.env());
        env.putAll(params);
        for (String k : PER_JOB) env.remove(k);
        if (input != null) env.put("BATON_INPUT", input);
        if (job.index() != null) {
            env.put("BATON_ITEM", job.item());
            env.put("BATON_INDEX", Integer.toString(job.index()));
        }
        return env;
    }

    /**
     * The job's own variables for {@code ${NAME}} in its artifact globs: the run's params, then
     * the job's id, phase, attempt and item, as its environment has them.
     */
    public static Map<String, String> forArtifacts(Map<String, String> params, PlannedJob job, int attempt) {
        Map<String, String> v = new HashMap<>(params);
        v.put("BATON_JOB_ID", job.id());
        v.put("BATON_PHASE_ID", job.phaseId());
        v.put("BATON_ATTEMPT", Integer.toString(attempt));
        if (job.index() != null) {
            v.put("BATON_ITEM", job.item());
            v.put("BATON_INDEX", Integer.toString(job.index()));
        }
        return v;
    }

    /** The folder a phase's jobs run in: its {@code cwd} under the pipeline's folder. */
    public static Path cwd(PipelineDef def, PhaseDef phase) {
        Path base = Path.of(def.baseDir() == null ? "." : def.baseDir());
        return phase.cwd() == null ? base : base.resolve(phase.cwd()).normalize();
    }
}
