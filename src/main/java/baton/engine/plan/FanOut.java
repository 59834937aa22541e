package baton.engine.plan;

import baton.model.Foreach;
import baton.model.PhaseDef;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one reading of {@code foreach}: which jobs a phase makes. A phase without it makes one job
 * named after the phase; a list or a parameter makes one job per item, known before the run; a
 * loop over an upstream output makes its jobs only once that output is known
 * ({@link #jobsOver}). Items come from a value as a JSON array or a comma-separated list.
 */
public final class FanOut {
    /** The most jobs one fan-out may make (the limit lives in the model, where the validator reads it too). */
    public static final int MAX_JOBS = Foreach.MAX_ITEMS;

    private static final ObjectMapper JSON = new ObjectMapper();

    private FanOut() {}

    /**
     * The jobs of {@code phase} known before the run, numbered from {@code firstSeq}: one for a
     * phase without foreach, one per item of a list or parameter, none (yet) for a loop over an
     * upstream output.
     */
    public static List<PlannedJob> jobsAtStart(PhaseDef phase, Map<String, String> params, int firstSeq) {
        return switch (phase.foreach()) {
            case null -> List.of(new PlannedJob(phase.id(), phase.id(), null, null, firstSeq));
            case Foreach.Literal l -> jobsOver(phase.id(), l.items(), firstSeq);
            case Foreach.Param p -> jobsOver(phase.id(), parse(params.getOrDefault(p.name(), "")), firstSeq);
            case Foreach.Output o -> List.of();
        };
    }

    /** One job per item, {@code phase[0]}, {@code phase[1]}..., numbered from {@code firstSeq}. */
    public static List<PlannedJob> jobsOver(String phaseId, List<String> items, int firstSeq) {
        List<PlannedJob> jobs = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) jobs.add(new PlannedJob(PlannedJob.idOf(phaseId, i), phaseId, items.get(i), i, firstSeq + i));
        return jobs;
    }

    /** The items of a loop over output {@code key}: its values in the upstream jobs' outputs, in job order. */
    public static List<String> itemsOf(String key, List<Map<String, String>> upstreamOutputs) {
        List<String> items = new ArrayList<>();
        for (Map<String, String> outputs : upstreamOutputs) {
            String value = outputs.get(key);
            if (value != null) items.addAll(parse(value));
        }
        return items;
    }

    /** Items from a value: a JSON array, or a comma-separated list. */
    public static List<String> parse(String value) {
        String v = value.strip();
        if (v.startsWith("[")) {
            try {
                JsonNode arr = JSON.readTree(v);
                if (arr.isArray()) {
                    List<String> out = new ArrayList<>();
                    for (JsonNode n : arr) out.add(n.isTextual() ? n.asText() : n.toString());
                    return out;
                }
            } catch (JsonProcessingException e) {
                // not JSON after all: read it as a comma-separated list
            }
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String p = part.strip();
            if (!p.isEmpty()) out.add(p);
        }
        return out;
    }
}
