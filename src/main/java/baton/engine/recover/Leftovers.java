package baton.engine.recover;

import baton.engine.executor.Executor;
import baton.engine.executor.Executors;
import baton.model.AttemptRecord;
import baton.model.RunId;

import java.util.ArrayList;
import java.util.List;

/** What is left of a run whose Baton is gone, ended through every executor, each finding its own by the stored handles. */
final class Leftovers {
    private Leftovers() {}

    /** Ends the run's leftovers on every executor; returns what would not end (empty: all verified gone). */
    static List<String> end(Executors executors, String instance, RunId run, List<AttemptRecord> attempts) {
        List<String> alive = new ArrayList<>();
        for (Executor e : executors.all()) alive.addAll(e.endOrphans(instance, run, attempts));
        return alive;
    }
}
