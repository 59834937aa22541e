package baton.model;

import java.util.Locale;

/** When a need is met, by the outcome of the upstream phase. */
public enum When {
    SUCCESS, FAILURE, ALWAYS;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
