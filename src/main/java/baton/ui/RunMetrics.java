package baton.ui;

import baton.model.AttemptRecord;
import baton.model.Metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run's metrics per attempt, as the window shows them: the selected attempt's, its job's total
 * and the run's total (every attempt of every job, failed ones included). Filled from the store
 * when a run is shown and kept current by {@code MetricsChanged} events; used on the FX thread only.
 */
public final class RunMetrics {
    private final Map<String, TreeMap<Integer, Map<String, Double>>> byJob = new HashMap<>();
    private Map<String, Double> runTotal;

    static RunMetrics of(List<AttemptRecord> attempts) {
        RunMetrics m = new RunMetrics();
        for (AttemptRecord a : attempts) m.put(a.jobId(), a.attempt(), a.metrics());
        return m;
    }

    /** Records an attempt's metrics as they are now; whether anything changed. */
    boolean put(String jobId, int attempt, Map<String, Double> metrics) {
        Map<Integer, Map<String, Double>> tries = byJob.get(jobId);
        if (metrics.isEmpty() && (tries == null || !tries.containsKey(attempt))) return false;
        Map<String, Double> before = byJob.computeIfAbsent(jobId, k -> new TreeMap<>()).put(attempt, Map.copyOf(metrics));
        if (metrics.equals(before)) return false;
        runTotal = null;
        return true;
    }

    public Map<String, Double> attempt(String jobId, int attempt) {
        return byJob.getOrDefault(jobId, new TreeMap<>()).getOrDefault(attempt, Map.of());
    }

    /** The job's total: each name summed over its attempts. */
    public Map<String, Double> job(String jobId) {
        TreeMap<Integer, Map<String, Double>> tries = byJob.get(jobId);
        return tries == null ? Map.of() : Metrics.sum(tries.values());
    }

    /** The run's total, summed again only after a change (at most once a frame). */
    public Map<String, Double> run() {
        if (runTotal == null) runTotal = Metrics.sum(byJob.values().stream().flatMap(t -> t.values().stream()).toList());
        return runTotal;
    }

    /** The job panel's line: the attempt's metrics and, when other attempts wrote some too, the job's total. */
    public String jobText(String jobId, int attempt) {
        Map<String, Double> total = job(jobId);
        if (total.isEmpty()) return "—";
        Map<String, Double> own = new TreeMap<>(attempt(jobId, attempt));
        TreeMap<Integer, Map<String, Double>> tries = byJob.get(jobId);
        boolean onlyThisOne = tries.size() == 1 && tries.containsKey(attempt);
        if (onlyThisOne) return Metrics.line(own);
        return "attempt " + attempt + ": " + (own.isEmpty() ? "—" : Metrics.line(own)) + "   ·   job total: " + Metrics.line(total);
    }

    /** The status bar's part: the run's total, or nothing when no job wrote metrics. */
    public String runText() {
        Map<String, Double> total = run();
        return total.isEmpty() ? "" : "run total: " + Metrics.line(total);
    }
}
