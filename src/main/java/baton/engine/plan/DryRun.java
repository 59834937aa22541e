package baton.engine.plan;

import baton.format.LoadedPipeline;
import baton.model.Foreach;
import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RunPlan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as it would start ({@code baton plan}): the resolved params, input and concurrency, what
 * {@code --from}/{@code --only} chose ({@code selection}, e.g. "--from b", or null), and every job in
 * start order: phases topologically, ties by their order in the file, and the jobs of a fan-out
 * by item.
 */
public record DryRun(String pipelineId, String file, Map<String, String> params, Map<String, String> env, String input, int concurrency,
                     String selection, List<DryRunJob> jobs) {

    public DryRun {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        jobs = List.copyOf(jobs);
    }

    static DryRun of(LoadedPipeline pipeline, RunResolver.Resolved resolved) {
        PipelineDef def = pipeline.definition();
        RunPlan plan = resolved.plan();
        Map<String, List<PlannedJob>> byPhase = new HashMap<>();
        for (PlannedJob j : resolved.jobs()) byPhase.computeIfAbsent(j.phaseId(), k -> new ArrayList<>()).add(j);
        List<DryRunJob> rows = new ArrayList<>();
        for (PhaseDef p : startOrder(def)) {
            List<PlannedJob> jobs = byPhase.getOrDefault(p.id(), List.of());
            String fanOut = null;
            if (jobs.isEmpty() && p.foreach() instanceof Foreach.Output o && plan.takenFrom().containsKey(o.phase())) {
                // it loops over the outputs of a phase taken from an earlier run: its items are known now
                List<Map<String, String>> upstream = byPhase.getOrDefault(o.phase(), List.of()).stream()
                        .map(up -> resolved.seededOutputs().getOrDefault(up.id(), Map.<String, String>of())).toList();
                jobs = FanOut.jobsOver(p.id(), FanOut.itemsOf(o.key(), upstream), -1);
            }
            if (jobs.isEmpty()) {
                // a fan-out whose jobs are not known yet (or that has no items): one row stands for it
                fanOut = switch (p.foreach()) {
                    case Foreach.Output o when plan.takenFrom().containsKey(o.phase()) ->
                            "no jobs: " + o.phase() + "." + o.key() + " holds no items in run " + plan.takenFrom().get(o.phase());
                    case Foreach.Output o -> "one job per item of " + o.phase() + "." + o.key() + ", known at run time";
                    case Foreach.Param fp -> "no jobs: parameter '" + fp.name() + "' holds no items";
                    case null, default -> "no jobs: the list of items is empty";
                };
                jobs = List.of(new PlannedJob(p.id() + "[*]", p.id(), null, null, -1));
            }
            for (PlannedJob j : jobs) rows.add(row(def, p, j, plan, resolved.selection(), fanOut));
        }
        return new DryRun(def.id(), pipeline.sourcePath(), plan.params(), def.env(), plan.input(), plan.concurrency(),
                resolved.selection().label(), rows);
    }

    private static DryRunJob row(PipelineDef def, PhaseDef p, PlannedJob j, RunPlan plan, Selection selection, String fanOut) {
        DryRunJob.State state;
        String reason = null;
        String outputsFrom = plan.takenFrom().get(p.id());
        boolean byFrom = selection.label() != null && selection.label().startsWith("--from");
        if (outputsFrom != null) {
            state = byFrom ? DryRunJob.State.SKIPPED_FROM : DryRunJob.State.NOT_SELECTED;
            reason = "outputs taken from run " + outputsFrom;
        } else if (p.doneReason() != null) {
            state = DryRunJob.State.DONE_EARLIER;
            reason = p.doneReason();
        } else if (plan.alreadyDone().contains(p.id())) {
            state = DryRunJob.State.DONE_EARLIER;
        } else if (plan.switchedOff(p.id())) {
            state = DryRunJob.State.SWITCHED_OFF;
            reason = p.enabled() ? "--disable " + p.id() : "optional and off unless switched on (--enable " + p.id() + ")";
        } else if (plan.leftOut().containsKey(p.id())) {
            state = byFrom ? DryRunJob.State.SKIPPED_FROM : DryRunJob.State.NOT_SELECTED;
        } else {
            state = DryRunJob.State.WILL_RUN;
            if (p.confirm() != null) reason = "asks \"" + p.confirm().strip() + "\": accepted (--yes)";
            if (p.approve() != null) {
                reason = (reason == null ? "" : reason + "; ") + (plan.autoApprove() ? "approval checkpoint passed (--yes-approvals)"
                        : "waits for approval: \"" + p.approve().strip() + "\"");
            }
        }
        String stateText = switch (state) {
            case WILL_RUN -> "will run";
            case SWITCHED_OFF -> "switched off";
            case DONE_EARLIER -> p.doneReason() != null ? "done (" + p.doneReason() + ")" : "done in an earlier run (--resume)";
            case SKIPPED_FROM -> "skipped (" + selection.label() + ")";
            case NOT_SELECTED -> "not selected (--only)";
        };
        return new DryRunJob(j.id(), p.id(), p.name(), p.needs(), state, stateText, reason, outputsFrom, p.run(), p.http(),
                JobEnvironment.cwd(def, p).toString(), JobEnvironment.declared(def, p, plan.params(), j, plan.input()),
                j.item(), j.index(), fanOut);
    }

    /**
     * Phases in the order they can start: by depth (how long the longest chain of needs before
     * each is), ties by the order of the file. Each comes after everything it needs.
     */
    static List<PhaseDef> startOrder(PipelineDef def) {
        Map<String, Integer> position = new HashMap<>();
        List<PhaseDef> phases = def.phases();
        for (int i = 0; i < phases.size(); i++) position.put(phases.get(i).id(), i);
        Map<String, Integer> depth = new HashMap<>();
        for (PhaseDef p : phases) depthOf(def, p, depth);
        List<PhaseDef> out = new ArrayList<>(phases);
        out.sort(java.util.Comparator.<PhaseDef>comparingInt(p -> depth.get(p.id())).thenComparingInt(p -> position.get(p.id())));
        return out;
    }

    /** 0 for a phase without needs, else one more than its deepest need (a validated pipeline has no cycle). */
    private static int depthOf(PipelineDef def, PhaseDef p, Map<String, Integer> depth) {
        Integer known = depth.get(p.id());
        if (known != null) return known;
        int d = 0;
        for (Need n : p.needs()) d = Math.max(d, 1 + depthOf(def, def.phase(n.phase()).orElseThrow(), depth));
        depth.put(p.id(), d);
        return d;
    }
}
