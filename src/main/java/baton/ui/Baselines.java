package baton.ui;

import baton.model.AttemptRecord;
import baton.model.JobStatus;
import baton.model.RunRecord;
import baton.model.RunStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each job of a pipeline usually takes: the median duration of its succeeded attempt in
 * the last {@link #RUNS} successful runs of the same pipeline before this one. Read off the FX
 * thread from what the engine already answers (runs and attempts), so it works the same through
 * the service. A job with no earlier success has none.
 */
final class Baselines {
    static final int RUNS = 5;
    /** How far back the history is searched for those runs. */
    private static final int LOOK_BACK = 500;

    private Baselines() {}

    /** Median milliseconds by job id. */
    static Map<String, Long> read(EngineCalls engine, RunRecord run) {
        List<RunRecord> earlier = engine.runs(LOOK_BACK).stream()
                .filter(r -> r.pipelineId().equals(run.pipelineId()) && r.status() == RunStatus.SUCCEEDED && !r.id().equals(run.id())
                        && r.startedAt() != null && run.startedAt() != null && r.startedAt().isBefore(run.startedAt()))
                .limit(RUNS).toList();
        Map<String, List<Long>> durations = new HashMap<>();
        for (RunRecord r : earlier) {
            Map<String, Long> byJob = new HashMap<>();
            for (AttemptRecord a : engine.attempts(r.id())) {
                if (a.status() == JobStatus.SUCCEEDED && a.startedAt() != null && a.endedAt() != null) {
                    byJob.put(a.jobId(), Duration.between(a.startedAt(), a.endedAt()).toMillis());
                }
            }
            byJob.forEach((job, ms) -> durations.computeIfAbsent(job, k -> new ArrayList<>()).add(ms));
        }
        Map<String, Long> medians = new HashMap<>();
        durations.forEach((job, ms) -> medians.put(job, median(ms)));
        return medians;
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** "+40 %" (or "−12 %") of {@code ms} against {@code baseline}; "as usual" within 5 %. */
    static String compared(long ms, long baseline) {
        if (baseline <= 0) return "";
        long pct = Math.round((ms - baseline) * 100.0 / baseline);
        if (Math.abs(pct) < 5) return "as usual";
        return (pct > 0 ? "+" : "−") + Math.abs(pct) + " %";
    }
}
