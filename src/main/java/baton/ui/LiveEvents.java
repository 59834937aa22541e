package baton.ui;

import baton.engine.RunEvent;
import baton.model.RunId;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The event bridge: what {@link EngineCalls} publishes arrives here on engine threads, into
 * lock-free queues, and the FX thread takes all that has arrived once per frame, so a burst of
 * state changes costs one update (docs/decisions/0004).
 */
final class LiveEvents implements EngineCalls.Listener {
    private final ConcurrentLinkedQueue<RunEvent> events = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<RunId> finished = new ConcurrentLinkedQueue<>();

    @Override
    public void onEvents(List<RunEvent> batch) {
        events.addAll(batch);
    }

    @Override
    public void onRunFinished(RunId run) {
        finished.add(run);
    }

    /** The events that arrived since the last call, in the order they were published. */
    List<RunEvent> takeEvents() {
        return takeAll(events);
    }

    /** The runs this process stopped driving since the last call. */
    List<RunId> takeFinished() {
        return takeAll(finished);
    }

    private static <T> List<T> takeAll(ConcurrentLinkedQueue<T> queue) {
        List<T> out = new ArrayList<>();
        T item;
        while ((item = queue.poll()) != null) out.add(item);
        return out;
    }
}
