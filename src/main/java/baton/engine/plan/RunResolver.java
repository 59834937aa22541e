package baton.engine.plan;

import baton.engine.RunOptions;
import baton.engine.RunRefused;
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
import java.util.function.Function;

/**
 * Works out, from a pipeline and the options, what a run will be, before anything is written or
 * started: the one path by which both starting a run and {@code baton plan} check the options and
 * resolve params, switches and {@code --from}/{@code --only}, so a plan and the run it announces
 * can never disagree.
 */
public final class RunResolver {
    /**
     * A run ready to be created: its stored plan, its jobs known at start, the outputs of the jobs
     * taken from earlier runs, and the selection that chose them.
     */
    public record Resolved(RunPlan plan, List<PlannedJob> jobs, Map<String, Map<String, String>> seededOutputs, Selection selection) {}

    private RunResolver() {}

    /** What {@code pipeline} would run with these options, as {@code baton plan} shows it; writes nothing. */
    public static DryRun dryRun(LoadedPipeline pipeline, RunOptions options, EarlierRuns earlier) throws RunRefused {
        return DryRun.of(pipeline, resolve(pipeline, options, earlier, options.concurrencyFor(pipeline.definition())));
    }

    public static Resolved resolve(LoadedPipeline pipeline, RunOptions options, EarlierRuns earlier, int concurrency) throws RunRefused {
        PipelineDef def = pipeline.definition();
        Map<String, String> params = resolveParams(def, options);
        Map<String, Boolean> switches = resolveSwitches(def, options);
        Selection selection = Selection.of(def, options, phase -> Boolean.FALSE.equals(switches.get(phase)));
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
        Function<String, RunPlan> withInput = input -> new RunPlan(params, switches, done, input, concurrency, takenFrom, selection.leftOut(),
                options.autoApprove(), options.executor());
        // the confirm question comes before the input file is looked at
        checkConfirms(def, withInput.apply(null).notRun(), options);
        RunPlan plan = withInput.apply(resolveInput(options));
        for (PhaseDef ph : def.phases()) {
            if (ph.foreach() instanceof Foreach.Param fp && FanOut.parse(params.getOrDefault(fp.name(), "")).size() > Foreach.MAX_ITEMS) {
                throw new RunRefused("phase '" + ph.id() + "' loops over parameter '" + fp.name() + "', which has more than "
                        + Foreach.MAX_ITEMS + " items: split the work");
            }
        }
        List<PlannedJob> jobs = jobsAtStart(def, params, earlierJobs);
        Map<String, Map<String, String>> seeded = new LinkedHashMap<>();
        for (List<JobRecord> js : earlierJobs.values()) for (JobRecord j : js) if (!j.outputs().isEmpty()) seeded.put(j.id(), j.outputs());
        return new Resolved(plan, jobs, seeded, selection);
    }

    /**
     * The jobs known when the run starts; fan-outs over upstream outputs get theirs later. A phase
     * taken from an earlier run ({@code earlier}) has the jobs it had there, items and all.
     */
    private static List<PlannedJob> jobsAtStart(PipelineDef def, Map<String, String> params, Map<String, List<JobRecord>> earlier) {
        List<PlannedJob> jobs = new ArrayList<>();
        for (PhaseDef p : def.phases()) {
            if (earlier.containsKey(p.id())) {
                for (JobRecord j : earlier.get(p.id())) jobs.add(new PlannedJob(j.id(), p.id(), j.item(), j.index(), jobs.size()));
            } else {
                jobs.addAll(FanOut.jobsAtStart(p, params, jobs.size()));
            }
        }
        return jobs;
    }

    private static String nothingToTake(Selection selection, List<String> missing, String file) {
        String names = "'" + String.join("', '", missing) + "'";
        return selection.label() + ": " + (missing.size() == 1 ? "phase " + names + ", which it needs, has" : "phases " + names + ", which it needs, have")
                + " not succeeded in any earlier run of " + file + ", so there are no outputs to take: run "
                + (missing.size() == 1 ? "it" : "them") + " too, or the whole pipeline first";
    }

    private static Map<String, String> resolveParams(PipelineDef def, RunOptions options) throws RunRefused {
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

    /** The switch of every optional phase, on or off, as the run's plan stores it. */
    private static Map<String, Boolean> resolveSwitches(PipelineDef def, RunOptions options) throws RunRefused {
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
        Map<String, Boolean> switches = new LinkedHashMap<>();
        for (PhaseDef p : def.phases()) {
            if (p.optional()) switches.put(p.id(), options.enable().contains(p.id()) || (p.enabled() && !options.disable().contains(p.id())));
        }
        return switches;
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
