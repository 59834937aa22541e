package baton.ui;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The retry preview: each job that will run again with why, a tick per job asked for to leave it
 * out (what depends on a job run again comes with it, and says so), and the jobs that had
 * succeeded listed only when asked for. Unticking asks for the plan again. Cancel is the default.
 */
final class RetryDialog {
    private final Alert alert;
    private final Function<Collection<String>, CompletableFuture<RetryPreview>> replan;
    private final VBox rows = new VBox(4);
    private final CheckBox showSucceeded = new CheckBox();
    private RetryPreview preview;

    private RetryDialog(Window owner, RetryPreview first, Function<Collection<String>, CompletableFuture<RetryPreview>> replan) {
        this.replan = replan;
        alert = new Alert(Alert.AlertType.CONFIRMATION, "", DialogService.RETRY, ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle("Retry");
        alert.setResizable(true);
        DialogService.safeDefault(alert, DialogService.RETRY);
        rows.setId("retry-plan");
        showSucceeded.setId("retry-show-succeeded");
        showSucceeded.selectedProperty().addListener((o, was, now) -> show(preview));
        ScrollPane scroll = new ScrollPane(rows);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(260);
        scroll.setPrefViewportWidth(560);
        alert.getDialogPane().setContent(new VBox(8, scroll, showSucceeded));
        show(first);
    }

    /** Asks; the jobs to retry (the engine adds what depends on them), or empty when the person said no. */
    static Optional<Set<String>> ask(Window owner, RetryPreview first, Function<Collection<String>, CompletableFuture<RetryPreview>> replan) {
        RetryDialog d = new RetryDialog(owner, first, replan);
        return d.alert.showAndWait().filter(b -> b == DialogService.RETRY).map(b -> d.preview.chosen());
    }

    private void show(RetryPreview p) {
        preview = p;
        int succeeded = p.succeededCount();
        int shown = 0;
        rows.getChildren().clear();
        for (RetryPreview.Entry e : p.entries()) {
            if (e.hadSucceeded() && !showSucceeded.isSelected()) continue;
            shown++;
            CheckBox box = new CheckBox(e.jobId() + "  —  " + e.reason());
            box.setId("retry-" + e.jobId());
            box.setSelected(true);
            box.setDisable(!e.canLeaveOut());
            box.selectedProperty().addListener((o, was, now) -> leaveOut(e.jobId(), !now));
            rows.getChildren().add(box);
        }
        for (String left : leftOut(p)) {
            CheckBox box = new CheckBox(left + "  —  left out");
            box.setId("retry-" + left);
            box.selectedProperty().addListener((o, was, now) -> leaveOut(left, !now));
            rows.getChildren().add(box);
        }
        alert.setHeaderText(p.entries().isEmpty() ? "Nothing will run again: tick a job" : p.entries().size() + " job(s) will run again, in the same run"
                + (succeeded > 0 && !showSucceeded.isSelected() ? " (" + shown + " listed)" : "") + ":");
        showSucceeded.setText("Also list the " + succeeded + " job(s) that had succeeded and run again because they depend on one of these");
        showSucceeded.setVisible(succeeded > 0 || showSucceeded.isSelected());
        alert.getDialogPane().lookupButton(DialogService.RETRY).setDisable(p.entries().isEmpty());
    }

    private final Set<String> everAsked = new LinkedHashSet<>();

    /** Jobs once asked for and now unticked: they stay listed, to be ticked again. */
    private Set<String> leftOut(RetryPreview p) {
        everAsked.addAll(p.chosen());
        Set<String> out = new LinkedHashSet<>(everAsked);
        out.removeAll(p.chosen());
        return out;
    }

    private void leaveOut(String jobId, boolean out) {
        Set<String> chosen = new LinkedHashSet<>(preview.chosen());
        if (out) chosen.remove(jobId);
        else chosen.add(jobId);
        replan.apply(chosen).thenAccept(this::show);
    }
}
