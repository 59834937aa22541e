package baton.ui;

import baton.model.RunId;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs this window's process drives, as the window knows them: one is added when its start,
 * retry or resume is answered and let go when the engine says it finished. Changed on the FX
 * thread; read anywhere (the close question, tests).
 */
public final class DrivenRuns {
    private final Set<RunId> ids = ConcurrentHashMap.newKeySet();
    /** Runs that finished before the answer that started them reached the FX thread: never added. */
    private final Set<RunId> finishedEarly = new HashSet<>();
    private final ReadOnlyIntegerWrapper count = new ReadOnlyIntegerWrapper();

    void add(RunId id) {
        if (finishedEarly.remove(id)) return;
        ids.add(id);
        count.set(ids.size());
    }

    void finished(RunId id) {
        if (!ids.remove(id)) finishedEarly.add(id);
        count.set(ids.size());
    }

    public boolean contains(RunId id) {
        return id != null && ids.contains(id);
    }

    public List<RunId> ids() {
        return List.copyOf(ids);
    }

    public int count() {
        return ids.size();
    }

    /** Changes as runs start and finish (listeners run on the FX thread). */
    public ReadOnlyIntegerProperty countProperty() {
        return count.getReadOnlyProperty();
    }
}
