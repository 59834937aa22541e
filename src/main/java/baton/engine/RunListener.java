package baton.engine;

import java.util.List;

/** Receives the events of one coordinator step, in order, on the coordinator's thread: be quick. */
@FunctionalInterface
public interface RunListener {
    void onEvents(List<RunEvent> events);

    /**
     * Whether this listener reads only the events {@link RunEvent#isForPeople} accepts: a
     * service then sends it only those (a 10,000-job run's 30,000 job moves stay in the service).
     */
    default boolean onlyForPeople() {
        return false;
    }

    /** A listener of the events for people only ({@link #onlyForPeople}). */
    static RunListener forPeople(RunListener listener) {
        return new RunListener() {
            @Override
            public void onEvents(List<RunEvent> events) {
                listener.onEvents(events);
            }

            @Override
            public boolean onlyForPeople() {
                return true;
            }
        };
    }
}
