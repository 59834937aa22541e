package baton.engine.trust;

import baton.engine.TrustCheck;
import baton.format.LoadedPipeline;
import baton.model.TrustFingerprint;
import baton.store.RunStore;

import java.util.List;
import java.util.Optional;

/**
 * Whether the window may run a file without asking: trusted for its absolute path, with the same
 * content and the same scripts. When the path was never trusted but its content was, elsewhere,
 * the changes compare with that copy, so they name the scripts that differ.
 */
public final class Trust {
    private Trust() {}

    public static TrustCheck check(RunStore store, LoadedPipeline p) {
        TrustFingerprint now = TrustFingerprints.of(p);
        Optional<TrustFingerprint> here = store.trustedAt(now.sourcePath());
        if (here.isPresent()) {
            List<String> changes = now.changesSince(here.get());
            return new TrustCheck(now, changes.isEmpty(), changes);
        }
        return store.trustedWithContent(now.contentHash())
                .map(elsewhere -> new TrustCheck(now, false, now.changesSince(elsewhere)))
                .orElseGet(() -> new TrustCheck(now, false, List.of()));
    }
}
