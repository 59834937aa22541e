package baton.engine.executor;

/** Why Baton ends an attempt before it ended by itself; each executor says in the log how it does it. */
public enum Ending {
    CANCEL,
    TIMEOUT
}
