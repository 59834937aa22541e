package baton.engine;

import baton.model.TrustFingerprint;

import java.util.List;

/**
 * The answer to "may the window run this file without asking?": the file's fingerprint now,
 * whether exactly that was trusted for its path, and otherwise what differs from what was
 * trusted (empty when nothing like it was ever trusted: a first run).
 */
public record TrustCheck(TrustFingerprint fingerprint, boolean trusted, List<String> changes) {
    public TrustCheck {
        changes = List.copyOf(changes);
    }

    public boolean firstRun() {
        return !trusted && changes.isEmpty();
    }
}
