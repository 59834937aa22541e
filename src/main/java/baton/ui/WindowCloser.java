package baton.ui;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;

/** Closing the window while runs are live asks: cancel them, or wait for them. */
final class WindowCloser {
    static final ButtonType CANCEL_RUNS = new ButtonType("Cancel runs and quit", ButtonBar.ButtonData.YES);
    static final ButtonType WAIT = new ButtonType("Wait for them", ButtonBar.ButtonData.NO);

    private WindowCloser() {}

    /** True when the window may close now. */
    static boolean confirmClose(MainViewModel vm, Stage stage) {
        if (!vm.hasLiveRuns()) return true;
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, vm.liveRunCount() + " run(s) are still going.", CANCEL_RUNS, WAIT, ButtonType.CANCEL);
        a.initOwner(stage);
        a.setHeaderText("Runs are still going");
        ButtonType answer = a.showAndWait().orElse(ButtonType.CANCEL);
        if (answer == CANCEL_RUNS) {
            vm.cancelAll();
            return true;
        }
        if (answer == WAIT) {
            vm.messageProperty().set("Baton will close when the live runs end");
            vm.onNotify(m -> {
                if (!vm.hasLiveRuns()) javafx.application.Platform.exit();
            });
        }
        return false;
    }
}
