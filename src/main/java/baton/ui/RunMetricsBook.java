package baton.ui;

import baton.model.RunId;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The metrics the window keeps: per attempt, for every live run (shown or not, so a run shows its
 * totals as soon as it is shown) and for the run on display. Used on the FX thread.
 */
final class RunMetricsBook {
    private static final RunMetrics NONE = new RunMetrics();

    private final Map<RunId, RunMetrics> byRun = new HashMap<>();
    /** Goes up when the shown run's metrics change: the job panel and the status bar read them again. */
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper();

    ReadOnlyLongProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    /** A run's metrics (none when it has none kept). */
    RunMetrics of(RunId run) {
        return run == null ? NONE : byRun.getOrDefault(run, NONE);
    }

    /** Takes in an attempt's metrics as they are now; whether anything changed. */
    boolean put(RunId run, String jobId, int attempt, Map<String, Double> metrics) {
        return byRun.computeIfAbsent(run, k -> new RunMetrics()).put(jobId, attempt, metrics);
    }

    /** {@code run} is shown with {@code metrics}; those of runs {@code keep} does not want are let go. */
    void shown(RunId run, RunMetrics metrics, Predicate<RunId> keep) {
        byRun.keySet().removeIf(keep.negate());
        byRun.put(run, metrics);
        changed();
    }

    /** Read from the store again if the run is ever shown. */
    void forget(RunId run) {
        byRun.remove(run);
    }

    /** Whoever shows the shown run's metrics reads them again. */
    void changed() {
        version.set(version.get() + 1);
    }
}
