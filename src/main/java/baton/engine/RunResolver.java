package baton.engine;

import baton.format.LoadedPipeline;
import baton.format.Suggest;
import baton.model.Foreach;
import baton.model.JobRecord;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RunPlan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works out, from a pipeline and the options, what a run will be, before anything is written or
 * started: the one path by which both {@link Engine#start} and {@link Engine#planRun} check the
 * options and resolve params, switches and {@code --from}/{@code --only}, so a plan and the run
 * it announces can never disagree.
 */
final class RunResolver {
    /**
     * A run ready to be created: its stored plan, its jobs known at start, the outputs of the jobs
     * taken from earlier runs, and the selection that chose them.
     */
    record Resolved(RunPlan plan, List<PlannedJob> jobs, Map<String, Map<String, String>> seededOutputs, Selection selection) {}

    private RunResolver() {}

    /** The concurrency of a run: the option, else the pipeline's, else the number of cores. */
    static int concurrency(PipelineDef def, RunOptions options) throws RunRefused {
        int c = options.concurrency() != null ? options.concurrency()
                : def.concurrency() != null ? def.concurrency() : Runtime.getRuntime().availableProcessors();
        if (c < 1) throw new RunRefused("--concurrency must be at least 1");
        return c;
    }

    static Resolved resolve(LoadedPipeline pipeline, RunOptions options, EarlierRuns earlier, int concurrency) throws RunRefused {
        PipelineDef def = pipeline.definition();
        Map<String, String> params = resolveParams(def, options);
        Set<String> switchedOff = resolveSwitches(def, options);
        Selection selection = Selection.of(def, options, switchedOff);
        Map<String, String> takenFrom = new LinkedHashMap<>();
        Map<String, List<JobRecord>> earlierJobs = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String phase : selection.needed()) {
            var success = earlier.latestSuccess(pipeline.sourcePath(), phase);
            if (success.isEmpty()) {
                missing.add(phase);
            } else {
                takenFrom.put(phase, success.get().run().value());
                earlierJobs.put(phase, success.get().jobs());
            }
        }
        if (!missing.isEmpty()) throw new RunRefused(nothingToTake(selection, missing, pipeline.sourcePath()));
        Set<String> done = new LinkedHashSet<>();
        for (String phase : options.alreadyDone()) if (def.phase(phase).isPresent()) done.add(phase);
        done.addAll(takenFrom.keySet());
        Set<String> notRun = new HashSet<>(switchedOff);
        notRun.addAll(done);
        notRun.addAll(selection.leftOut().keySet());
        checkConfirms(def, notRun, options);
        String input = resolveInput(options);
        for (PhaseDef ph : def.phases()) {
            if (ph.foreach() instanceof Foreach.Param fp && Items.parse(params.getOrDefault(fp.name(), "")).size() > Engine.MAX_FOREACH) {
                throw new RunRefused("phase '" + ph.id() + "' loops over parameter '" + fp.name() + "', which has more than "
                        + Engine.MAX_FOREACH + " items: split the work");
            }
        }
        List<PlannedJob> jobs = Engine.plan(def, params, earlierJobs);
        Map<String, Map<String, String>> seeded = new LinkedHashMap<>();
        for (List<JobRecord> js : earlierJobs.values()) for (JobRecord j : js) if (!j.outputs().isEmpty()) seeded.put(j.id(), j.outputs());
        Map<String, Boolean> switches = new LinkedHashMap<>();
        for (PhaseDef p : def.phases()) if (p.optional()) switches.put(p.id(), !switchedOff.contains(p.id()));
        RunPlan plan = new RunPlan(params, switches, done, input, concurrency, takenFrom, selection.leftOut(), options.autoApprove());
        return new Resolved(plan, jobs, seeded, selection);
    }

    private static String nothingToTake(Selection selection, List<String> missing, String file) {
        String names = "'" + String.join("', '", missing) + "'";
        return selection.label() + ": " + (missing.size() == 1 ? "phase " + names + ", which it needs, has" : "phases " + names + ", which it needs, have")
                + " not succeeded in any earlier run of " + file + ", so there are no outputs to take: run "
                + (missing.size() == 1 ? "it" : "them") + " too, or the whole pipeline first";
    }

    static Map<String, String> resolveParams(PipelineDef def, RunOptions options) throws RunRefused {
        Map<String, String> params = new LinkedHashMap<>(def.params());
        for (var e : options.params().entrySet()) {
            if (!def.params().containsKey(e.getKey())) {
                throw new RunRefused("unknown parameter '" + e.getKey() + "'" + Suggest.hint(e.getKey(), def.params().keySet())
                        + (def.params().isEmpty() ? ": this pipeline declares no params" : ": declared are " + String.join(", ", def.params().keySet())));
            }
            params.put(e.getKey(), e.getValue());
        }
        return params;
    }

    static Set<String> resolveSwitches(PipelineDef def, RunOptions options) throws RunRefused {
        Set<String> ids = new HashSet<>();
        def.phases().forEach(p -> ids.add(p.id()));
        List<String> named = new ArrayList<>(options.enable());
        named.addAll(options.disable());
        for (String name : named) {
            PhaseDef p = def.phase(name).orElse(null);
            if (p == null) throw new RunRefused("unknown phase '" + name + "'" + Suggest.hint(name, ids));
            if (!p.optional()) throw new RunRefused("phase '" + name + "' is not optional: only phases with 'optional: true' can be switched");
        }
        Set<String> both = new HashSet<>(options.enable());
        both.retainAll(options.disable());
        if (!both.isEmpty()) throw new RunRefused("phase '" + both.iterator().next() + "' is both enabled and disabled");
        Set<String> off = new HashSet<>();
        for (PhaseDef p : def.phases()) {
            if (!p.optional()) continue;
            boolean on = options.enable().contains(p.id()) || (p.enabled() && !options.disable().contains(p.id()));
            if (!on) off.add(p.id());
        }
        return off;
    }

    /** A phase that will run and asks to be confirmed stops the run unless the options say yes. */
    private static void checkConfirms(PipelineDef def, Set<String> notRun, RunOptions options) throws RunRefused {
        if (options.acceptConfirms()) return;
        for (PhaseDef p : def.phases()) {
            if (p.confirm() != null && !notRun.contains(p.id())) {
                throw new RunRefused("phase '" + p.id() + "' asks: " + p.confirm().strip()
                        + "\nThe run did not start. Pass --yes to accept" + (p.optional() ? ", or --disable " + p.id() + " to leave it off." : "."));
            }
        }
    }

    private static String resolveInput(RunOptions options) throws RunRefused {
        if (options.input() == null) return null;
        Path p = Path.of(options.input()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) throw new RunRefused("input file " + options.input() + " not found");
        return p.toString();
    }
}
