package baton.format;

import baton.format.SourceNode.Entry;
import baton.format.SourceNode.ListNode;
import baton.format.SourceNode.MapNode;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RetryPolicy;
import baton.model.SlurmOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps a YAML/JSON {@link SourceNode} tree onto the model (SPEC 1.1), collecting located problems:
 * the top level and its defaults here, each phase through {@link PhaseReader}, typed values
 * through {@link SourceValues}.
 */
final class PipelineReader {
    private final SourceValues values;
    private final PhaseReader phases;

    PipelineReader(String file, List<Problem> problems) {
        this.values = new SourceValues(file, problems);
        this.phases = new PhaseReader(file, problems);
    }

    /** Returns null when the root is too broken to go on; problems say why. */
    PipelineDef read(SourceNode root, String baseDir) {
        if (!(root instanceof MapNode map)) {
            values.problem(root.pos(), "expected a pipeline (a mapping with 'pipeline:' and 'phases:'), found " + SourceNode.describe(root));
            return null;
        }
        values.checkKeys(map, FormatKeys.PIPELINE, "pipeline");
        String id = values.requiredString(map, "pipeline", "give the pipeline an id, for example 'pipeline: lighting'");
        if (id != null) {
            // located here, where the value's position is known; the validator only knows the file
            String why = PipelineValidator.idProblem("pipeline", id);
            if (why != null) values.problem(map.entries().get("pipeline").value().pos(), why);
        }
        String title = values.optString(map, "title");
        Integer concurrency = values.optInt(map, "concurrency", 1, 10_000);
        Map<String, String> params = values.stringMap(map, "params");
        List<String> input = values.stringList(map, "input");
        Map<String, String> env = values.stringMap(map, "env");
        Duration defaultTimeout = null;
        RetryPolicy defaultRetries = RetryPolicy.NONE;
        Entry defaults = map.entries().get("defaults");
        if (defaults != null) {
            if (defaults.value() instanceof MapNode dm) {
                values.checkKeys(dm, FormatKeys.DEFAULTS, "defaults");
                defaultTimeout = values.optDuration(dm, "timeout");
                RetryPolicy r = phases.retries(dm);
                if (r != null) defaultRetries = r;
            } else {
                values.expected(defaults.value(), "'defaults' to be a mapping such as { timeout: 30m, retries: 1 }");
            }
        }
        Integer maxSpawn = values.optInt(map, "max_spawn", 0, 1_000_000);
        ExecutorReader executors = new ExecutorReader(values);
        String executor = executors.executor(map);
        SlurmOptions slurm = executors.slurm(map);
        return new PipelineDef(id, title, concurrency, params, input, env, defaultTimeout, defaultRetries,
                maxSpawn == null ? PipelineDef.DEFAULT_MAX_SPAWN : maxSpawn, phases(map, defaultTimeout, defaultRetries, slurm), baseDir,
                executor, slurm);
    }

    private List<PhaseDef> phases(MapNode map, Duration defaultTimeout, RetryPolicy defaultRetries, SlurmOptions slurm) {
        List<PhaseDef> out = new ArrayList<>();
        Entry phasesEntry = map.entries().get("phases");
        if (phasesEntry == null) {
            values.problem(map.pos(), "missing 'phases': list the steps of the pipeline under 'phases:'");
        } else if (phasesEntry.value() instanceof ListNode list) {
            if (list.items().isEmpty()) values.problem(list.pos(), "'phases' is empty: add at least one phase with an 'id' and a 'run' command");
            for (SourceNode item : list.items()) {
                PhaseDef phase = phases.phase(item, defaultTimeout, defaultRetries, slurm == null ? SlurmOptions.NONE : slurm);
                if (phase != null) out.add(phase);
            }
        } else if (phasesEntry.value() instanceof MapNode) {
            values.expected(phasesEntry.value(), "'phases' to be a list: write each phase as '- id: ...'");
        } else {
            values.expected(phasesEntry.value(), "'phases' to be a list of phases");
        }
        return out;
    }
}
