package baton.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline as loaded from a file. {@code baseDir} is the folder relative paths
 * (cwd, contract) are resolved against: the pipeline file's own folder.
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
        String baseDir) {

    public static final int DEFAULT_MAX_SPAWN = 100;

    public PipelineDef {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        input = input == null ? List.of() : List.copyOf(input);
        env = env == null ? Map.of() : Map.copyOf(env);
        phases = List.copyOf(phases);
    }

    public Optional<PhaseDef> phase(String phaseId) {
        return phases.stream().filter(p -> p.id().equals(phaseId)).findFirst();
    }

    public String displayName() {
        return title != null ? title : id;
    }
}
