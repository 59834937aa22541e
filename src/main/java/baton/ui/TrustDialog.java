package baton.ui;

import baton.engine.TrustCheck;
import baton.format.LoadedPipeline;
import baton.model.PhaseDef;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.List;

/**
 * Before a run of a file the window has not seen as it is now: its first run, or a run after
 * the file, one of the scripts its commands name, or its place changed. It lists what changed
 * and what it will run, and asks. Cancel is the default button: Enter does not run anything.
 */
public final class TrustDialog {
    public static final ButtonType TRUST = new ButtonType("Trust and continue", ButtonBar.ButtonData.OK_DONE);

    private TrustDialog() {}

    public static boolean ask(LoadedPipeline p, TrustCheck check, Window owner) {
        return ask(p, check, null, owner);
    }

    /** With {@code script} (a script opened as a pipeline): its first lines and sha256 come first. */
    public static boolean ask(LoadedPipeline p, TrustCheck check, MainViewModel.ScriptPreview script, Window owner) {
        VBox content = new VBox(6);
        content.setPrefWidth(680);
        if (script != null) {
            String head = String.join("\n", script.firstLines()) + (script.more() ? "\n…" : "");
            TextArea lines = readOnly(head, script.firstLines().size() + (script.more() ? 1 : 0));
            lines.setWrapText(false);
            lines.setPrefRowCount(Math.min(MainViewModel.PREVIEW_LINES + 1, script.firstLines().size() + 2));
            lines.setStyle("-fx-font-family: monospace;");
            lines.setId("trust-script");
            Label sha = new Label("sha256 " + script.sha256()
                    + (script.changedSinceOpened() ? "   (changed since it was opened: open it again to run this text)" : ""));
            sha.setId("trust-sha256");
            sha.setStyle("-fx-font-family: monospace;");
            content.getChildren().addAll(new Label("The script " + script.script().getFileName() + " begins:"), lines, sha);
            if (check.firstRun()) content.getChildren().add(new Label("What Baton runs:"));
        }
        if (!check.firstRun()) {
            // a change names full paths, which wrap: room for two lines each
            TextArea changes = readOnly(String.join("\n", check.changes()), 2 * check.changes().size());
            changes.setId("trust-changes");
            content.getChildren().addAll(new Label("What changed since it was trusted:"), changes,
                    new Label("It will run these commands on this computer:"));
        }
        TextArea commands = readOnly(String.join("\n", commandsOf(p)), p.definition().phases().size());
        commands.setId("trust-commands");
        content.getChildren().add(commands);

        Alert a = new Alert(Alert.AlertType.WARNING, "", TRUST, ButtonType.CANCEL);
        if (owner != null) a.initOwner(owner);
        a.setTitle(check.firstRun() ? "Trust this pipeline?" : "Trust this pipeline again?");
        a.setHeaderText(check.firstRun()
                ? "This is the first run of " + p.sourcePath() + ".\nIt will run these commands on this computer:"
                : p.sourcePath() + "\nis not what you trusted: check the changes before it runs.");
        a.getDialogPane().setContent(content);
        a.setResizable(true);
        // the safe answer is the default: Enter, pressed out of habit, runs nothing
        ((Button) a.getDialogPane().lookupButton(TRUST)).setDefaultButton(false);
        ((Button) a.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return a.showAndWait().orElse(ButtonType.CANCEL) == TRUST;
    }

    /** What the file will run, shown before it is trusted. */
    static List<String> commandsOf(LoadedPipeline p) {
        List<String> out = new ArrayList<>();
        for (PhaseDef ph : p.definition().phases()) {
            String what = ph.run() != null ? ph.run().strip() : ph.http() != null ? ph.http().method() + " " + ph.http().url() : "";
            out.add(ph.id() + (ph.optional() ? " (optional)" : "") + ":  " + what);
        }
        return out;
    }

    private static TextArea readOnly(String text, int lines) {
        TextArea area = new TextArea(text);
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefRowCount(Math.max(2, Math.min(12, lines + 1)));
        return area;
    }
}
