package baton.engine.run;

import baton.engine.plan.FanOut;
import baton.engine.plan.PlannedJob;
import baton.format.PipelineLoader;
import baton.model.PipelineDef;
import baton.model.RunId;
import baton.model.RunPlan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test help: a run's job table from a pipeline's text, with its jobs known at start, as a coordinator builds it. */
final class RunTables {
    static final RunId RUN = new RunId("r-20260101-0001");

    private RunTables() {}

    static PipelineDef pipeline(String yaml) throws Exception {
        return PipelineLoader.parse("p.yaml", yaml, null).definition();
    }

    /** Every optional phase on (unless {@code off} names it), nothing done before. */
    static RunPlan plan(PipelineDef def, Set<String> off) {
        Map<String, Boolean> switches = new java.util.LinkedHashMap<>();
        def.phases().forEach(p -> {
            if (p.optional()) switches.put(p.id(), !off.contains(p.id()));
        });
        return new RunPlan(Map.of(), switches, Set.of(), null, 1);
    }

    static JobTable table(PipelineDef def, RunPlan plan) {
        JobTable t = JobTable.of(RUN, def, plan);
        List<PlannedJob> jobs = new ArrayList<>();
        def.phases().forEach(p -> jobs.addAll(FanOut.jobsAtStart(p, plan.params(), jobs.size())));
        t.addJobsAtStart(JobsAtStart.fresh(jobs, Map.of()));
        t.markAllChanged();
        return t;
    }

    static Step step() {
        return new Step(Instant.parse("2026-01-01T00:00:00Z"));
    }
}
