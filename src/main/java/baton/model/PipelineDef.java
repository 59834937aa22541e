package baton.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline as loaded from a file. {@code baseDir} is the folder relative paths
 * (cwd, contract) are resolved against: the pipeline file's own folder. {@code executor} is what
 * runs the jobs of phases that do not choose (null: local, unless the run says otherwise);
 * {@code slurm} the defaults of every phase's {@code slurm:} block (already merged into each phase).
 */
public record PipelineDef(
        String id,
        String title,
        Integer concurrency,
        Map<String, String> params,
        List<String> input,
        Map<String, String> env,
        Duration defaultTimeout,
        RetryPolicy defaultRetries,
        int maxSpawn,
        List<PhaseDef> phases,
        String baseDir,
        String executor,
        SlurmOptions slurm) {

    public static final int DEFAULT_MAX_SPAWN = 100;

    public PipelineDef {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        input = input == null ? List.of() : List.copyOf(input);
        env = OrderedEnv.of(env);
        phases = PhaseList.of(phases);
        if (slurm == null) slurm = SlurmOptions.NONE;
    }

    /** A pipeline whose jobs run where the run says (local by default). */
    public PipelineDef(String id, String title, Integer concurrency, Map<String, String> params, List<String> input, Map<String, String> env,
                       Duration defaultTimeout, RetryPolicy defaultRetries, int maxSpawn, List<PhaseDef> phases, String baseDir) {
        this(id, title, concurrency, params, input, env, defaultTimeout, defaultRetries, maxSpawn, phases, baseDir, null, null);
    }

    public Optional<PhaseDef> phase(String phaseId) {
        return Optional.ofNullable(((PhaseList) phases).byId(phaseId));
    }

    public String displayName() {
        return title != null ? title : id;
    }
}
