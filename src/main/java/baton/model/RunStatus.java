package baton.model;

import java.util.Locale;

public enum RunStatus {
    RUNNING, SUCCEEDED, FAILED, CANCELLED, INTERRUPTED;

    public boolean isTerminal() {
        return this != RUNNING;
    }

    /** Exit code of the command line for a run that ended in this state (SPEC 3). */
    public int exitCode() {
        return switch (this) {
            case SUCCEEDED -> 0;
            case FAILED, INTERRUPTED, RUNNING -> 1;
            case CANCELLED -> 3;
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
