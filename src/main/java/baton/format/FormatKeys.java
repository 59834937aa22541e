package baton.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every key and field name the file readers accept, by where it may be written: the reference
 * in {@code docs/pipeline-format.md} is checked against these (ReferenceDocsTest), so a key
 * added to a reader without a line in the docs fails the build.
 */
public final class FormatKeys {
    private FormatKeys() {}

    /** YAML/JSON keys: "pipeline" (top level), "phase", "defaults", "retries", "needs", "foreach", "http", "spawn". */
    public static Map<String, Set<String>> pipelineKeys() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        out.put("pipeline", PipelineReader.PIPELINE_KEYS);
        out.put("phase", PipelineReader.PHASE_KEYS);
        out.put("defaults", PipelineReader.DEFAULTS_KEYS);
        out.put("retries", PipelineReader.RETRY_KEYS);
        out.put("needs", PipelineReader.NEED_KEYS);
        out.put("foreach", PipelineReader.FOREACH_KEYS);
        out.put("http", PipelineReader.HTTP_KEYS);
        // a BATON_SPAWN line takes a phase's keys and this one
        out.put("spawn", Set.of(PipelineLoader.SUPERSEDES));
        return out;
    }

    /**
     * Markdown field names (as the readers list them; matched without regard to case): "cascade
     * title", "cascade group", "cascade task", "cascade table" (columns), "roadmap heading" (the
     * title, a phase or a group heading), "roadmap task".
     */
    public static Map<String, List<String>> markdownFields() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("cascade title", CascadeReader.FILE_KEYS);
        out.put("cascade group", CascadeReader.GROUP_KEYS);
        out.put("cascade task", CascadeReader.TASK_KEYS);
        out.put("cascade table", CascadeReader.COLUMNS);
        out.put("roadmap heading", RoadmapReader.HEADING_KEYS);
        out.put("roadmap task", RoadmapReader.TASK_KEYS);
        return out;
    }
}
