package baton.ui;

import baton.format.LoadedPipeline;
import baton.model.JobRecord;
import baton.model.PhaseDef;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The timeline's menu on a job (the row right-clicked is selected first): approve, reject or skip
 * it while it waits for a person; retry it and what depends on it; cancel it; copy its command;
 * open its working folder; show its log. Commands and folders come from the definition the shown
 * run was started with, not from the file as it is now.
 */
final class JobMenu {
    private final MainViewModel vm;
    private final JobRequests requests;
    private final Runnable retryJob, cancelJob, showLog;

    JobMenu(MainViewModel vm, JobRequests requests, Runnable retryJob, Runnable cancelJob, Runnable showLog) {
        this.vm = vm;
        this.requests = requests;
        this.retryJob = retryJob;
        this.cancelJob = cancelJob;
        this.showLog = showLog;
    }

    ContextMenu build() {
        MenuItem approve = item("Approve", "menu-approve", requests::approve);
        MenuItem reject = item("Reject…", "menu-reject", requests::reject);
        MenuItem skip = item("Mark done (skip)…", "menu-skip", requests::skip);
        MenuItem retry = item("Retry this job and what depends on it…", "menu-retry", retryJob);
        MenuItem cancel = item("Cancel this job", "menu-cancel", cancelJob);
        MenuItem copy = item("Copy its command", "menu-copy-command", this::copyCommand);
        MenuItem folder = item("Open its working folder", "menu-open-folder", this::openFolder);
        MenuItem log = item("Show its log", "menu-show-log", showLog);
        RunActionsViewModel actions = vm.actions();
        disableUnless(actions.canApproveProperty(), approve, reject);
        disableUnless(actions.canSkipProperty(), skip);
        disableUnless(actions.canRetryJobProperty(), retry);
        disableUnless(actions.canCancelJobProperty(), cancel);
        BooleanBinding hasPhase = Bindings.createBooleanBinding(() -> phase().isPresent(),
                vm.selectedJobProperty(), vm.timeline().shownDefinitionProperty());
        disableUnless(hasPhase, copy, folder);
        disableUnless(vm.selectedJobProperty().isNotNull(), log);
        ContextMenu menu = new ContextMenu(approve, reject, skip, new SeparatorMenuItem(), retry, cancel, new SeparatorMenuItem(),
                copy, folder, log);
        menu.setId("job-menu");
        return menu;
    }

    private static MenuItem item(String text, String id, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setId(id);
        m.setOnAction(e -> action.run());
        return m;
    }

    private static void disableUnless(ObservableBooleanValue allowed, MenuItem... items) {
        for (MenuItem m : items) m.disableProperty().bind(Bindings.not(allowed));
    }

    /** The selected job's phase in the definition shown. */
    private Optional<PhaseDef> phase() {
        String job = vm.selectedJobProperty().get();
        LoadedPipeline def = vm.timeline().shownDefinitionProperty().get();
        if (job == null || def == null) return Optional.empty();
        var row = vm.gantt().row(job);
        JobRecord rec = vm.selectedJobRecordProperty().get();
        String phaseId = row != null ? row.phaseId() : rec != null ? rec.phaseId() : job;
        return def.definition().phase(phaseId);
    }

    /** The command as the phase says it (a foreach job's is the phase's, its item set in its environment). */
    static String command(PhaseDef p) {
        return p.run() != null ? p.run() : p.http() != null ? "http: " + p.http() : "";
    }

    /** Where the phase's jobs run: its {@code cwd}, relative to the pipeline's folder. */
    static Path workingFolder(LoadedPipeline def, PhaseDef p) {
        Path base = Path.of(def.definition().baseDir() == null ? "." : def.definition().baseDir());
        return (p.cwd() == null ? base : base.resolve(p.cwd())).toAbsolutePath().normalize();
    }

    /** The command that shows a folder in the platform's file manager. */
    private static java.util.List<String> fileManager(Path dir) {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String tool = os.contains("win") ? "explorer" : os.contains("mac") ? "open" : "xdg-open";
        return java.util.List.of(tool, dir.toString());
    }

    private void copyCommand() {
        phase().ifPresent(p -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(command(p));
            Clipboard.getSystemClipboard().setContent(c);
            vm.say("Copied the command of " + vm.selectedJobProperty().get());
        });
    }

    private void openFolder() {
        LoadedPipeline def = vm.timeline().shownDefinitionProperty().get();
        phase().ifPresent(p -> {
            Path dir = workingFolder(def, p);
            vm.say("Opening " + dir + " …");
            // the desktop's file manager is asked off the FX thread: it may take a while, or not be there.
            // Not java.awt.Desktop: AWT loading its own GTK next to JavaFX's can abort the process
            vm.calls().work(() -> {
                if (!Files.isDirectory(dir)) return "No folder " + dir;
                try {
                    new ProcessBuilder(fileManager(dir)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    return "Opened " + dir;
                } catch (IOException e) {
                    return "Cannot open " + dir + ": " + e.getMessage();
                }
            }).thenAccept(vm::say);
        });
    }
}
