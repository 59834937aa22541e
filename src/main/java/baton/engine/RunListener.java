package baton.engine;

import java.util.List;

/** Receives the events of one coordinator step, in order, on the coordinator's thread: be quick. */
@FunctionalInterface
public interface RunListener {
    void onEvents(List<RunEvent> events);
}
