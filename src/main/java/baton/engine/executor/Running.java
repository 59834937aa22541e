package baton.engine.executor;

/**
 * An attempt an executor has started and not yet reported ended. Its end always arrives through
 * {@link Watch#ended}, exactly once, also after {@link #end}.
 */
public interface Running {
    Handle handle();

    /** Adds one of Baton's own lines to the attempt's log. */
    void note(String text);

    /**
     * Asks the attempt to end now: {@code reason} ("cancelled by request", "timed out after 5s")
     * goes to its log with what the executor does about it (signals, scancel).
     */
    void end(Ending why, String reason);
}
