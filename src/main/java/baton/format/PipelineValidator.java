package baton.format;

import baton.model.Foreach;
import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.SourcePos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks that need the whole definition: ids, needs, cycles, references. */
public final class PipelineValidator {
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    /**
     * Longest pipeline, phase or task id. A job's folder is named after its id, so with a
     * fan-out index ({@code phase[123]}) or a spawner's prefix it must still fit one file-name
     * component (255 bytes); the store's id columns hold 1000.
     */
    public static final int MAX_ID_LENGTH = 100;

    private final String file;
    private final List<Problem> problems;

    public PipelineValidator(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    public void validate(PipelineDef def) {
        String pipelineIdProblem = def.id() == null ? null : idProblem("pipeline", def.id());
        if (pipelineIdProblem != null) problems.add(new Problem(file, 1, 1, pipelineIdProblem));
        Map<String, PhaseDef> byId = new LinkedHashMap<>();
        for (PhaseDef p : def.phases()) {
            String why = idProblem("phase", p.id());
            if (why != null) problem(p.pos(), why);
            PhaseDef first = byId.putIfAbsent(p.id(), p);
            if (first != null) {
                problem(p.pos(), "duplicate phase id '" + p.id() + "' (first defined at line " + first.pos().line() + "): give each phase its own id");
            }
        }
        for (PhaseDef p : def.phases()) {
            Set<String> seen = new HashSet<>();
            for (Need n : p.needs()) {
                if (!byId.containsKey(n.phase())) {
                    problem(n.pos(), "phase '" + p.id() + "' needs unknown phase '" + n.phase() + "'" + Suggest.hint(n.phase(), others(byId.keySet(), p.id())));
                } else if (n.phase().equals(p.id())) {
                    problem(n.pos(), "phase '" + p.id() + "' needs itself: remove it from its own 'needs'");
                } else if (!seen.add(n.phase())) {
                    problem(n.pos(), "phase '" + p.id() + "' lists '" + n.phase() + "' twice in 'needs': keep one");
                }
            }
            if (p.foreach() instanceof Foreach.Param fp && !def.params().containsKey(fp.name())) {
                problem(p.pos(), "phase '" + p.id() + "' loops over parameter '" + fp.name() + "', which is not declared under 'params'"
                        + Suggest.hint(fp.name(), def.params().keySet()));
            }
            if (p.foreach() instanceof Foreach.Literal l && l.items().size() > Foreach.MAX_ITEMS) {
                problem(p.pos(), "phase '" + p.id() + "' loops over " + l.items().size() + " items; the limit is " + Foreach.MAX_ITEMS + " per fan-out: split the work");
            }
            if (p.foreach() instanceof Foreach.Output fo && !byId.containsKey(fo.phase())) {
                problem(p.pos(), "phase '" + p.id() + "' loops over an output of unknown phase '" + fo.phase() + "'" + Suggest.hint(fo.phase(), byId.keySet()));
            }
            if (p.contract() != null && def.baseDir() != null) {
                Path schema = Path.of(def.baseDir()).resolve(p.contract());
                if (!Files.isRegularFile(schema)) {
                    problem(p.pos(), "phase '" + p.id() + "': contract file '" + p.contract() + "' not found (looked at " + schema + ")");
                } else {
                    String why = schemaProblem(schema);
                    if (why != null) problem(p.pos(), "phase '" + p.id() + "': contract " + schema + " is not a usable JSON Schema: " + why);
                }
            }
            if (p.http() != null) {
                checkReferences(def, p, p.http().url(), p.http().urlPos(), "url");
                if (p.http().body() != null) checkReferences(def, p, p.http().body(), p.http().bodyPos(), "body");
            }
            if (p.confirm() != null && p.confirm().isBlank()) {
                problem(p.pos(), "phase '" + p.id() + "': 'confirm' is empty: write the question to ask, or remove it");
            }
        }
        findCycle(def, byId);
        checkForeachUpstream(def, byId);
    }

    /** Why {@code id} cannot be the id of a {@code what} (pipeline, phase, task), or null when it can. */
    public static String idProblem(String what, String id) {
        if (id.length() > MAX_ID_LENGTH) {
            return what + " id '" + id.substring(0, 40) + "…' is " + id.length() + " characters long; ids are limited to "
                    + MAX_ID_LENGTH + ": shorten it";
        }
        if (!ID.matcher(id).matches()) {
            return what + " id '" + id + "' is not valid: use letters, digits, '_', '.', '-' and start with a letter or digit";
        }
        return null;
    }

    /** Names Baton itself gives a job (SPEC 2) that an http phase's url or body may use. */
    static final Set<String> BATON_NAMES = Set.of("BATON_RUN_ID", "BATON_JOB_ID", "BATON_PHASE_ID", "BATON_ATTEMPT",
            "BATON_PIPELINE_ID", "BATON_INSTANCE", "BATON_INPUT", "BATON_ITEM", "BATON_INDEX", "BATON_RUN_DIR", "BATON_CALLBACK_URL");

    /**
     * ${NAME} in an http phase: a parameter, a name from 'env', or Baton's own are known now; any
     * other name may be an environment variable, known only when the job starts (it fails then if
     * it is missing). What is refused here is what is almost certainly a typo: a near miss of a
     * declared parameter or env name, and an unknown BATON_ name.
     */
    private void checkReferences(PipelineDef def, PhaseDef p, String text, SourcePos at, String key) {
        if (text == null) return;
        Set<String> declared = new java.util.LinkedHashSet<>(def.params().keySet());
        declared.addAll(def.env().keySet());
        declared.addAll(p.env().keySet());
        for (Placeholders.Reference r : Placeholders.references(text, new ArrayList<>())) {
            String name = r.name();
            if (declared.contains(name) || BATON_NAMES.contains(name)) continue;
            if (name.startsWith("BATON_")) {
                problem(at, "phase '" + p.id() + "': '${" + name + "}' in http " + key + " is not a name Baton gives a job"
                        + Suggest.hint(name, BATON_NAMES) + "; Baton's are " + String.join(", ", new java.util.TreeSet<>(BATON_NAMES)));
            } else if (Suggest.closest(name, declared).isPresent()) {
                problem(at, "phase '" + p.id() + "': '${" + name + "}' in http " + key + " is not a declared parameter"
                        + Suggest.hint(name, declared) + ": use the declared name, or declare '" + name + "' under 'params'");
            }
        }
    }

    /** Null when the file is a JSON Schema the validator accepts (draft 2020-12). */
    static String schemaProblem(Path schema) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(schema.toFile());
            if (!node.isObject() && !node.isBoolean()) return "a schema is a JSON object";
            com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012).getSchema(node)
                    .validate(com.fasterxml.jackson.databind.node.NullNode.getInstance());
            return null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "not valid JSON (" + e.getOriginalMessage() + ")";
        } catch (IOException | RuntimeException e) {
            // an unreadable file, or the schema library refusing the schema (an unknown keyword
            // value, a $ref it cannot follow): either way the reason the schema cannot be used
            return String.valueOf(e.getMessage());
        }
    }

    private void checkForeachUpstream(PipelineDef def, Map<String, PhaseDef> byId) {
        for (PhaseDef p : def.phases()) {
            if (p.foreach() instanceof Foreach.Output fo && byId.containsKey(fo.phase()) && !upstreamOf(p, byId).contains(fo.phase())) {
                problem(p.pos(), "phase '" + p.id() + "' loops over an output of '" + fo.phase() + "' but does not need it: add '" + fo.phase() + "' to its 'needs'");
            }
        }
    }

    private static Set<String> upstreamOf(PhaseDef p, Map<String, PhaseDef> byId) {
        Set<String> seen = new HashSet<>();
        Deque<PhaseDef> todo = new ArrayDeque<>(List.of(p));
        while (!todo.isEmpty()) {
            for (Need n : todo.pop().needs()) {
                PhaseDef up = byId.get(n.phase());
                if (up != null && seen.add(up.id())) todo.push(up);
            }
        }
        return seen;
    }

    /** Reports one cycle, printed as a -> b -> c -> a, at the need that closes it (the engine finds cycles the same way). */
    private void findCycle(PipelineDef def, Map<String, PhaseDef> byId) {
        baton.model.NeedCycles.first(def.phases()).ifPresent(c -> problem(c.closing().pos(), "cycle in needs: " + c
                + " (each phase runs after the one before it; remove one of these needs)"));
    }

    private void problem(SourcePos pos, String message) {
        problems.add(Problem.at(file, pos, message));
    }

    /** The phases a phase may need: not itself (a suggestion to need itself is never the fix). */
    private static java.util.List<String> others(java.util.Collection<String> ids, String self) {
        return ids.stream().filter(id -> !id.equals(self)).toList();
    }
}
