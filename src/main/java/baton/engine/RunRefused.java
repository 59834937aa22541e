package baton.engine;

/** A run cannot start as asked (unknown parameter, unconfirmed phase...): a usage error, exit 2. */
public final class RunRefused extends Exception {
    public RunRefused(String message) {
        super(message);
    }
}
