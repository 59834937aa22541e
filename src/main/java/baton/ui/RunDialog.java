package baton.ui;

import baton.engine.RunOptions;
import baton.format.LoadedPipeline;
import baton.model.PhaseDef;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Run dialog: every parameter, editable, with its default; a switch for every optional
 * phase, as the file sets it. Switching on a phase with {@code confirm} asks first, in the
 * phase's own words; a phase that is on and has {@code confirm} is asked about before the run.
 */
public final class RunDialog extends Dialog<RunOptions> {
    public static final ButtonType RUN = new ButtonType("Run", ButtonBar.ButtonData.OK_DONE);
    private final Map<String, TextField> params = new LinkedHashMap<>();
    private final Map<String, CheckBox> switches = new LinkedHashMap<>();
    private final Set<String> askedAlready = new HashSet<>();

    private CheckBox skipDone;
    private java.util.function.Supplier<Set<String>> doneGroups = Set::of;

    public RunDialog(LoadedPipeline p, java.util.function.Supplier<Set<String>> doneGroups) {
        this(p);
        this.doneGroups = doneGroups;
        if (p.format() == baton.format.PipelineFormat.ROADMAP) {
            skipDone = new CheckBox("Resume: skip the groups that fully succeeded in the last run of this roadmap");
            skipDone.setId("skip-done");
            ((GridPane) getDialogPane().getContent()).add(skipDone, 0, ((GridPane) getDialogPane().getContent()).getRowCount(), 2, 1);
        }
    }

    public RunDialog(LoadedPipeline p) {
        setTitle("Run " + p.definition().displayName());
        setHeaderText("Run " + p.definition().displayName());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        grid.setPadding(new Insets(10));
        int row = 0;
        if (!p.definition().params().isEmpty()) {
            grid.add(sectionLabel("Parameters"), 0, row++, 2, 1);
            for (var e : p.definition().params().entrySet()) {
                TextField f = new TextField(e.getValue());
                f.setId("param-" + e.getKey());
                f.setPrefColumnCount(24);
                params.put(e.getKey(), f);
                grid.add(new Label(e.getKey()), 0, row);
                grid.add(f, 1, row++);
            }
        }
        boolean anyOptional = p.definition().phases().stream().anyMatch(PhaseDef::optional);
        if (anyOptional) {
            grid.add(sectionLabel("Optional phases"), 0, row++, 2, 1);
            for (PhaseDef ph : p.definition().phases()) {
                if (!ph.optional()) continue;
                CheckBox box = new CheckBox(ph.displayName() + (ph.confirm() != null ? "  ⚠" : ""));
                box.setId("switch-" + ph.id());
                box.setSelected(ph.enabled());
                box.selectedProperty().addListener((o, was, on) -> {
                    if (!on || ph.confirm() == null) return;
                    if (confirm(ph)) askedAlready.add(ph.id());
                    else box.setSelected(false);
                });
                switches.put(ph.id(), box);
                grid.add(box, 0, row++, 2, 1);
            }
        }
        if (row == 0 && p.format() != baton.format.PipelineFormat.ROADMAP) grid.add(new Label("This pipeline has no parameters and no optional phases."), 0, 0);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().addAll(RUN, ButtonType.CANCEL);
        setResultConverter(bt -> bt == RUN ? options(p) : null);
    }

    private static Label sectionLabel(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section");
        return l;
    }

    static boolean confirm(PhaseDef ph) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, ph.confirm(), ButtonType.YES, ButtonType.NO);
        a.setTitle("Switch on " + ph.displayName() + "?");
        a.setHeaderText(ph.displayName());
        // the safe answer is the default: Enter must never switch on a paid or hardware phase
        ((javafx.scene.control.Button) a.getDialogPane().lookupButton(ButtonType.YES)).setDefaultButton(false);
        ((javafx.scene.control.Button) a.getDialogPane().lookupButton(ButtonType.NO)).setDefaultButton(true);
        return a.showAndWait().orElse(ButtonType.NO) == ButtonType.YES;
    }

    private RunOptions options(LoadedPipeline p) {
        Map<String, String> values = new LinkedHashMap<>();
        params.forEach((k, f) -> {
            if (!f.getText().equals(p.definition().params().get(k))) values.put(k, f.getText());
        });
        Set<String> enable = new HashSet<>(), disable = new HashSet<>();
        switches.forEach((id, box) -> (box.isSelected() ? enable : disable).add(id));
        // optional phases with confirm were asked when switched on; required ones are asked now
        for (PhaseDef ph : p.definition().phases()) {
            if (ph.confirm() != null && !ph.optional() && !confirm(ph)) return null;
            if (ph.confirm() != null && ph.optional() && enable.contains(ph.id()) && !askedAlready.contains(ph.id()) && !confirm(ph)) {
                return null;
            }
        }
        RunOptions o = new RunOptions(values, enable, disable, null, null, true, System.getProperty("user.name"));
        return skipDone != null && skipDone.isSelected() ? o.withAlreadyDone(doneGroups.get()) : o;
    }

}
