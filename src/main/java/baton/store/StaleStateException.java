package baton.store;

/**
 * A commit found a run or job no longer in the state it said it moved from: another process (or
 * another coordinator) changed it first. Nothing of the commit was written.
 */
public final class StaleStateException extends RuntimeException {
    public StaleStateException(String message) {
        super(message);
    }
}
