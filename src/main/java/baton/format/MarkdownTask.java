package baton.format;

import baton.format.MarkdownBlocks.Field;
import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.SourcePos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A task of a cascade or roadmap as it is being read, before it becomes a phase. */
final class MarkdownTask {
    String id, title, command, branch, group;
    /** The settings of where the task is written (its group, the file), for what the task leaves out. */
    MarkdownScope scope;
    Duration timeout;
    Integer retries;
    boolean checked;
    SourcePos pos;
    final List<String> description = new ArrayList<>();
    final List<Need> needs = new ArrayList<>();
    /** Fields Baton does not act on, kept for the job as TASK_<NAME> (see {@link Field#envName()}). */
    final Map<String, String> metadata = new LinkedHashMap<>();
    /** The variables of the fields seen so far, so a field given twice is reported. */
    final Set<String> seen = new HashSet<>();

    /**
     * The job's TASK_* variables (SPEC 1.2): the fixed ones, then the task's own fields.
     * {@code phase} is null for a cascade, which has no TASK_PHASE.
     */
    Map<String, String> env(String project, String group, String phase) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TASK_ID", id);
        env.put("TASK_TITLE", title);
        env.put("TASK_DESCRIPTION", String.join("\n", description));
        env.put("TASK_GROUP", group == null ? "" : group);
        env.put("TASK_BRANCH", branch == null ? "" : branch);
        if (phase != null) env.put("TASK_PHASE", phase);
        env.put("PROJECT_NAME", project);
        metadata.forEach(env::putIfAbsent);
        return env;
    }

    /**
     * The phase this task becomes: its Timeout and Retries, else those of where it is written
     * ({@link #scope}). {@code doneReason} is set for a task its file marks done.
     */
    PhaseDef phase(String run, Map<String, String> env, List<Need> needs, String lane, String doneReason) {
        return new PhaseDef(id, id + ": " + title, run, null, env, needs, false, false, null, true,
                timeout != null ? timeout : scope.timeout(), MarkdownReader.retryPolicy(retries != null ? retries : scope.retries()),
                null, null, List.of(), lane, null, pos, doneReason);
    }
}
