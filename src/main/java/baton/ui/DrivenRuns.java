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
 * retry or resume is answered and let go when the engine says it finished. With the background
 * service, every live run of the data directory counts, whoever started it, and what says so are
 * the runs' own events: a run is live from its first event to its end (so a run that ended before
 * the answer that started it reached the window is never taken for live). Changed on the FX
 * thread; read anywhere (the close question, tests).
 */
public final class DrivenRuns {
    private final Set<RunId> ids = ConcurrentHashMap.newKeySet();
    /** Runs that finished before the answer that started them reached the FX thread: never added. */
    private final Set<RunId> finishedEarly = new HashSet<>();
    private final ReadOnlyIntegerWrapper count = new ReadOnlyIntegerWrapper();
    private boolean byEvents;

    /** Runs are live by what their events say (the background service runs them all), not by who started them. */
    void followEvents() {
        byEvents = true;
    }

    /** Whether every live run of the data directory counts (the background service). */
    boolean followsEvents() {
        return byEvents;
    }

    void add(RunId id) {
        if (byEvents) return; // its events say when it is live
        if (finishedEarly.remove(id)) return;
        ids.add(id);
        count.set(ids.size());
    }

    /** With the service: a run that moves is live until its end; true when it was not known to be live before. */
    boolean seen(baton.engine.RunEvent e) {
        if (!byEvents || (e instanceof baton.engine.RunEvent.RunMoved rm && rm.to().isTerminal())) return false;
        if (!ids.add(e.run())) return false;
        count.set(ids.size());
        return true;
    }

    /** With the service: the runs it reports live when the window opens. */
    void live(java.util.Collection<RunId> running) {
        if (!byEvents) return;
        ids.addAll(running);
        count.set(ids.size());
    }

    void finished(RunId id) {
        if (!ids.remove(id) && !byEvents) finishedEarly.add(id);
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
