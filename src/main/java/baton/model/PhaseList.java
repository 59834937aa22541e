package baton.model;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A pipeline's phases in file order, found by id in constant time: a run of 10,000 phases looks
 * each one up while it plans, and a scan per look-up made that quadratic (16 % of the service's
 * time on a wide 10,000-job run, docs/benchmarks.md). Immutable; equal to any list of the same phases.
 */
final class PhaseList extends AbstractList<PhaseDef> implements RandomAccess {
    private final List<PhaseDef> phases;
    private final Map<String, PhaseDef> byId;

    private PhaseList(List<PhaseDef> phases) {
        this.phases = List.copyOf(phases);
        this.byId = HashMap.newHashMap(this.phases.size());
        // the first of two phases with one id wins, as a scan would find it (validation refuses duplicates anyway)
        for (PhaseDef p : this.phases) byId.putIfAbsent(p.id(), p);
    }

    static PhaseList of(List<PhaseDef> phases) {
        return phases instanceof PhaseList list ? list : new PhaseList(phases);
    }

    PhaseDef byId(String id) {
        return byId.get(id);
    }

    @Override
    public PhaseDef get(int index) {
        return phases.get(index);
    }

    @Override
    public int size() {
        return phases.size();
    }
}
