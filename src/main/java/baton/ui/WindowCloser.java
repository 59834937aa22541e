package baton.ui;

import javafx.application.Platform;

/**
 * Closing the window while runs it started are live asks what becomes of them: keep them running
 * in the background service (the default), or cancel them; without a service, cancel them or
 * wait for them.
 */
final class WindowCloser {
    private WindowCloser() {}

    /** True when the window may close now. */
    static boolean confirmClose(MainViewModel vm, DialogService dialogs) {
        if (vm.liveRunCount() == 0) return true;
        switch (dialogs.askClosing(vm.liveRunCount(), vm.runsOutliveTheWindow())) {
            case KEEP_RUNNING -> {
                return true;
            }
            case CANCEL_RUNS -> {
                vm.cancelAll();
                return true;
            }
            case WAIT -> {
                vm.say("Baton will close when the live runs end");
                vm.drivenRuns().countProperty().addListener((o, was, now) -> {
                    if (now.intValue() == 0) Platform.exit();
                });
            }
            case STAY -> {}
        }
        return false;
    }
}
