package baton.ui;

import baton.model.JobStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.GanttSwatch;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Pane;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The strip over the timeline: one chip per state, drawn as the chart draws it and with how many
 * jobs are in it (the legend), that shows only those jobs when pressed (several may be); a search
 * box for a job's id or phase name; buttons to the next failed and the next running job (F and
 * R on the chart); and "Critical path". The filter stays as runs are switched; the counts are the shown run's.
 */
final class GanttFilterBar {
    /** A chip: its name and the states it stands for. */
    private record Chip(String name, JobStatus drawnAs, Set<JobStatus> states) {}

    private static final List<Chip> CHIPS = List.of(
            new Chip("waiting", JobStatus.QUEUED, EnumSet.of(JobStatus.PENDING, JobStatus.WAITING, JobStatus.QUEUED)),
            new Chip("awaiting approval", JobStatus.AWAITING_APPROVAL, EnumSet.of(JobStatus.AWAITING_APPROVAL)),
            new Chip("running", JobStatus.RUNNING, EnumSet.of(JobStatus.RUNNING)),
            new Chip("retrying", JobStatus.RETRYING, EnumSet.of(JobStatus.RETRYING)),
            new Chip("succeeded", JobStatus.SUCCEEDED, EnumSet.of(JobStatus.SUCCEEDED)),
            new Chip("failed", JobStatus.FAILED, EnumSet.of(JobStatus.FAILED)),
            new Chip("timed out", JobStatus.TIMED_OUT, EnumSet.of(JobStatus.TIMED_OUT)),
            new Chip("cancelled", JobStatus.CANCELLED, EnumSet.of(JobStatus.CANCELLED)),
            new Chip("skipped", JobStatus.SKIPPED, EnumSet.of(JobStatus.SKIPPED)),
            new Chip("blocked", JobStatus.BLOCKED, EnumSet.of(JobStatus.BLOCKED)));

    private final GanttChart chart;
    private final Map<Chip, ToggleButton> buttons = new LinkedHashMap<>();
    private final TextField search = new TextField();

    GanttFilterBar(GanttChart chart) {
        this.chart = chart;
    }

    /** Fills {@code bar}; the chips' counts follow {@code counts}. */
    void build(FlowPane bar, ObservableValue<Map<JobStatus, Integer>> counts) {
        bar.setAlignment(Pos.CENTER_LEFT);
        for (Chip c : CHIPS) {
            ToggleButton b = new ToggleButton(c.name(), new GanttSwatch(chart, c.drawnAs(), false));
            b.setId("chip-" + c.name().replace(' ', '-'));
            b.getStyleClass().add("filter-chip");
            b.setTooltip(new Tooltip("Show only the " + c.name() + " jobs (press several to add them up)"));
            b.selectedProperty().addListener((o, was, now) -> apply());
            buttons.put(c, b);
            bar.getChildren().add(b);
            if (c.drawnAs() == JobStatus.FAILED) {
                // a failure that does not fail the run looks apart: the legend says how
                Label nonFatal = new Label("not fatal", new GanttSwatch(chart, JobStatus.FAILED, true));
                nonFatal.getStyleClass().add("legend-item");
                bar.getChildren().add(nonFatal);
            }
        }
        Pane gap = new Pane();
        gap.setPrefWidth(12);
        search.setId("jobSearch");
        search.setPromptText("Find a job");
        search.setPrefColumnCount(12);
        search.textProperty().addListener((o, was, now) -> apply());
        Button nextFailed = new Button("Next failed");
        nextFailed.setId("nextFailed");
        nextFailed.setTooltip(new Tooltip("Select the next failed or timed-out job (F on the timeline)"));
        nextFailed.setOnAction(e -> chart.selectNext(r -> r.status() == JobStatus.FAILED || r.status() == JobStatus.TIMED_OUT));
        Button nextRunning = new Button("Next running");
        nextRunning.setId("nextRunning");
        nextRunning.setTooltip(new Tooltip("Select the next running job (R on the timeline)"));
        nextRunning.setOnAction(e -> chart.selectNext(r -> r.status() == JobStatus.RUNNING));
        ToggleButton critical = new ToggleButton("Critical path");
        critical.setId("criticalPath");
        critical.setTooltip(new Tooltip("Light the chain of jobs that made the run as long as it was"));
        critical.selectedProperty().bindBidirectional(chart.criticalPathProperty());
        bar.getChildren().addAll(gap, search, nextFailed, nextRunning, critical);
        counts.addListener((o, was, now) -> showCounts(now));
        showCounts(counts.getValue());
        chart.modelProperty().addListener((o, was, now) -> apply());
    }

    private void showCounts(Map<JobStatus, Integer> counts) {
        buttons.forEach((c, b) -> {
            int n = c.states().stream().mapToInt(s -> counts.getOrDefault(s, 0)).sum();
            b.setText(c.name() + " " + n);
        });
    }

    private void apply() {
        Set<JobStatus> states = EnumSet.noneOf(JobStatus.class);
        buttons.forEach((c, b) -> {
            if (b.isSelected()) states.addAll(c.states());
        });
        GanttModel m = chart.getModel();
        if (m != null) m.filter(states, search.getText());
    }
}
