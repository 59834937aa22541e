package baton.ui;

import baton.engine.RunOptions;
import baton.engine.TrustCheck;
import baton.format.LoadedPipeline;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Every dialog the window shows, owned by its stage: errors, the questions asked before what
 * cannot be taken back (the safe answer is the default button, so Enter changes nothing), the
 * trust and Run dialogs, and the file choosers. On the FX thread only.
 */
public final class DialogService {
    public static final ButtonType RETRY = new ButtonType("Retry", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType REJECT = new ButtonType("Reject", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType MARK_DONE = new ButtonType("Mark done", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType OPEN_IT = new ButtonType("Open it", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType KEEP_RUNNING = new ButtonType("Keep running in the background", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType CANCEL_RUNS = new ButtonType("Cancel runs and quit", ButtonBar.ButtonData.YES);
    public static final ButtonType WAIT = new ButtonType("Wait for them", ButtonBar.ButtonData.NO);

    /** What to do about live runs when the window is asked to close. */
    public enum Closing { KEEP_RUNNING, CANCEL_RUNS, WAIT, STAY }

    private final Window owner;

    public DialogService(Window owner) {
        this.owner = owner;
    }

    public void error(String header, String text) {
        Alert a = new Alert(Alert.AlertType.ERROR, text, ButtonType.OK);
        a.initOwner(owner);
        a.setHeaderText(header);
        a.showAndWait();
    }

    /** Asks before an answer that cannot be taken back; Cancel is the default button, so Enter changes nothing. */
    public boolean confirm(String title, String header, String text, ButtonType yes) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, yes, ButtonType.CANCEL);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(header);
        safeDefault(a, yes);
        return a.showAndWait().orElse(ButtonType.CANCEL) == yes;
    }

    /**
     * Shows which jobs will run again and why (attempt numbers go on), each asked-for one with a
     * tick to leave it out; {@code replan} reads the plan again for the jobs ticked. The jobs to
     * retry, or empty when the person said no.
     */
    public Optional<Set<String>> confirmRetry(RetryPreview first, Function<Collection<String>, CompletableFuture<RetryPreview>> replan) {
        return RetryDialog.ask(owner, first, replan);
    }

    /** Makes Cancel, not {@code yes}, the default button: Enter changes nothing. */
    static void safeDefault(Alert a, ButtonType yes) {
        ((Button) a.getDialogPane().lookupButton(yes)).setDefaultButton(false);
        ((Button) a.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
    }

    /** After "Save as pipeline": open the file written? */
    public boolean offerToOpen(Path written) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", OPEN_IT, ButtonType.CLOSE);
        a.initOwner(owner);
        a.setTitle("Save as pipeline");
        a.setHeaderText("Wrote " + written + ".\nOpen it now? (runs of it are trusted apart from the script)");
        return a.showAndWait().orElse(ButtonType.CLOSE) == OPEN_IT;
    }

    /** Closing the window while runs are live: cancel them, wait for them, or stay. */
    /**
     * What becomes of the live runs when the window closes. With the background service they can
     * go on without it: "Keep running in the background" is the default button (Enter), as
     * closing a window should not end work by surprise.
     */
    public Closing askClosing(int liveRuns, boolean canKeepRunning) {
        String what = liveRuns == 1 ? "1 run started here is still going." : liveRuns + " runs started here are still going.";
        Alert a = canKeepRunning
                ? new Alert(Alert.AlertType.CONFIRMATION, what + " They can go on in Baton's background service; reopen Baton to watch them.",
                        KEEP_RUNNING, CANCEL_RUNS, ButtonType.CANCEL)
                : new Alert(Alert.AlertType.CONFIRMATION, what, CANCEL_RUNS, WAIT, ButtonType.CANCEL);
        a.initOwner(owner);
        a.setHeaderText("Runs are still going");
        if (canKeepRunning) {
            for (ButtonType b : a.getButtonTypes()) ((javafx.scene.control.Button) a.getDialogPane().lookupButton(b)).setDefaultButton(b == KEEP_RUNNING);
        }
        ButtonType answer = a.showAndWait().orElse(ButtonType.CANCEL);
        return answer == KEEP_RUNNING ? Closing.KEEP_RUNNING : answer == CANCEL_RUNS ? Closing.CANCEL_RUNS : answer == WAIT ? Closing.WAIT : Closing.STAY;
    }

    public boolean trust(LoadedPipeline p, TrustCheck check, MainViewModel.ScriptPreview script) {
        return TrustDialog.ask(p, check, script, owner);
    }

    /** The Run dialog; {@code groupsDone} are what "skip the groups done" of a roadmap skips. */
    public Optional<RunOptions> runOptions(LoadedPipeline p, Set<String> groupsDone) {
        return new RunDialog(p, () -> groupsDone).showAndWait();
    }

    public Optional<Path> choosePipeline() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a pipeline");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Pipelines", "*.yaml", "*.yml", "*.json", "*.md"),
                new FileChooser.ExtensionFilter("Scripts", "*.sh", "*.bash", "*.py", "*.js", "*.rb", "*.pl"),
                new FileChooser.ExtensionFilter("All files", "*"));
        return path(fc.showOpenDialog(owner));
    }

    public Optional<Path> chooseFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a folder of scripts (or the pipeline file in it)");
        return path(dc.showDialog(owner));
    }

    public Optional<Path> chooseWhereToSave(Path folder, String name) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save as pipeline");
        fc.setInitialDirectory(folder.toFile());
        fc.setInitialFileName(name);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Pipelines", "*.yaml", "*.yml"));
        return path(fc.showSaveDialog(owner));
    }

    private static Optional<Path> path(File f) {
        return Optional.ofNullable(f).map(File::toPath);
    }
}
