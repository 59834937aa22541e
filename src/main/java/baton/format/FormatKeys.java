package baton.format;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every key and field name the file readers accept, by where it may be written, each table
 * declared once under the name the reference gives it. The readers take their keys from here, and
 * the reference in {@code docs/pipeline-format.md} is checked against these (ReferenceDocsTest),
 * so a key added to a reader without a line in the docs fails the build.
 */
public final class FormatKeys {
    private static final Map<String, Set<String>> YAML = new LinkedHashMap<>();
    private static final Map<String, List<String>> MARKDOWN = new LinkedHashMap<>();

    static final Set<String> PIPELINE = yaml("pipeline", "pipeline", "title", "concurrency", "params", "input", "env",
            "defaults", "phases", "max_spawn", "executor", "slurm");
    static final Set<String> PHASE = yaml("phase", "id", "name", "run", "cwd", "env", "needs", "optional", "enabled",
            "confirm", "fatal", "timeout", "retries", "foreach", "contract", "artifacts", "lane", "http", "approve", "executor", "slurm");
    static final Set<String> DEFAULTS = yaml("defaults", "timeout", "retries");
    static final Set<String> RETRIES = yaml("retries", "max", "delay", "backoff", "max_delay");
    static final Set<String> NEED = yaml("needs", "phase", "when");
    static final Set<String> FOREACH = yaml("foreach", "param", "output");
    static final Set<String> HTTP = yaml("http", "url", "method", "callback", "timeout", "body");
    static final Set<String> SLURM = yaml("slurm", "partition", "cpus", "mem", "time", "gres", "account", "qos", "extra");
    /** What a BATON_SPAWN line takes besides a phase's keys. */
    static final Set<String> SPAWN = yaml("spawn", PipelineLoader.SUPERSEDES);

    static final List<String> CASCADE_TITLE = markdown("cascade title", "Worker", "Concurrency", "Max workers", "Timeout",
            "Retries", "Branch");
    static final List<String> CASCADE_GROUP = markdown("cascade group", "Worker", "Branch", "Timeout", "Retries");
    static final List<String> CASCADE_TASK = markdown("cascade task", "Depends on", "Command", "Branch", "Timeout", "Retries",
            "Description");
    /** Table columns Baton reads; any other column is kept as TASK_<COLUMN>. */
    static final List<String> CASCADE_COLUMNS = markdown("cascade table", "id", "task", "depends on", "group", "branch",
            "command", "description", "timeout", "retries");
    /** Under the title, a phase or a group heading. */
    static final List<String> ROADMAP_HEADING = markdown("roadmap heading", "Worker", "Gate", "Concurrency", "Timeout", "Retries");
    static final List<String> ROADMAP_TASK = markdown("roadmap task", "Command", "Branch", "Timeout", "Retries", "Description");

    private FormatKeys() {}

    /** YAML/JSON keys: "pipeline" (top level), "phase", "defaults", "retries", "needs", "foreach", "http", "slurm", "spawn". */
    public static Map<String, Set<String>> pipelineKeys() {
        return Collections.unmodifiableMap(YAML);
    }

    /**
     * Markdown field names (as the readers list them; matched without regard to case): "cascade
     * title", "cascade group", "cascade task", "cascade table" (columns), "roadmap heading" (the
     * title, a phase or a group heading), "roadmap task".
     */
    public static Map<String, List<String>> markdownFields() {
        return Collections.unmodifiableMap(MARKDOWN);
    }

    private static Set<String> yaml(String where, String... keys) {
        Set<String> set = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
        YAML.put(where, set);
        return set;
    }

    private static List<String> markdown(String where, String... fields) {
        List<String> list = List.of(fields);
        MARKDOWN.put(where, list);
        return list;
    }
}
