package baton.ui;

import baton.engine.TrustCheck;
import baton.format.LoadedPipeline;

import java.nio.file.Path;
import java.util.Map;

/**
 * Nothing runs from the window before its file is trusted as it is now: its path, content and the
 * scripts its commands name are what was trusted, or the person says so in the trust dialog.
 */
record TrustGate(MainViewModel vm, DialogService dialogs) {

    /** Runs {@code then} on the FX thread once {@code p} is trusted: at once when it is, after the trust dialog otherwise. */
    void whenTrusted(LoadedPipeline p, Runnable then) {
        vm.checkTrust(p).thenCombine(vm.scriptPreview(p), Map::entry).whenComplete((both, e) -> {
            if (e != null) {
                dialogs.error("Cannot check what the pipeline runs", OffFxThread.causeOf(e).getMessage());
                return;
            }
            TrustCheck check = both.getKey();
            if (!check.trusted()) {
                if (!dialogs.trust(p, check, both.getValue().orElse(null))) {
                    vm.say("Not run: " + Path.of(p.sourcePath()).getFileName() + " is not trusted");
                    return;
                }
                vm.trust(check);
            }
            then.run();
        });
    }
}
