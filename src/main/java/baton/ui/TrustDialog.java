package baton.ui;

import baton.format.LoadedPipeline;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.stage.Window;

/** Before the first run of a file never seen before: what it will run, and do you trust it. */
public final class TrustDialog {
    public static final ButtonType TRUST = new ButtonType("Trust and continue", ButtonBar.ButtonData.OK_DONE);

    private TrustDialog() {}

    public static boolean ask(LoadedPipeline p, Window owner) {
        TextArea commands = new TextArea(String.join("\n", MainViewModel.commandsOf(p)));
        commands.setEditable(false);
        commands.setPrefRowCount(Math.min(14, p.definition().phases().size() + 1));
        commands.setId("trust-commands");
        Alert a = new Alert(Alert.AlertType.WARNING, "", TRUST, ButtonType.CANCEL);
        if (owner != null) a.initOwner(owner);
        a.setTitle("Trust this pipeline?");
        a.setHeaderText("This is the first run of " + p.sourcePath() + ".\nIt will run these commands on this computer:");
        a.getDialogPane().setContent(commands);
        a.setResizable(true);
        return a.showAndWait().orElse(ButtonType.CANCEL) == TRUST;
    }
}
