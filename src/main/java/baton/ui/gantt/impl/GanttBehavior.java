package baton.ui.gantt.impl;

import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;

/**
 * What the pointer does on the chart: drag to pan, wheel to scroll the rows (with Shift, or
 * sideways, to pan; with Ctrl to zoom about the pointer), click a row to select it or a lane
 * header to fold it, right-click to select the row before its menu shows, hover for the tooltip.
 */
final class GanttBehavior {
    private static final double WHEEL_ZOOM = 1.25;

    private final GanttChart chart;
    private final Canvas canvas;
    private final GanttTooltip tooltip;
    private double dragX, dragY, dragTime, dragRows;
    private boolean dragged;

    GanttBehavior(GanttChart chart, Canvas canvas, GanttTooltip tooltip) {
        this.chart = chart;
        this.canvas = canvas;
        this.tooltip = tooltip;
    }

    void install() {
        canvas.setOnScroll(this::scrolled);
        canvas.setOnMousePressed(this::pressed);
        canvas.setOnMouseDragged(this::dragged);
        canvas.setOnMouseClicked(this::clicked);
        canvas.setOnContextMenuRequested(this::menuRequested);
        canvas.setOnMouseMoved(tooltip::pointerAt);
        canvas.setOnMouseExited(e -> tooltip.hide());
    }

    void uninstall() {
        canvas.setOnScroll(null);
        canvas.setOnMousePressed(null);
        canvas.setOnMouseDragged(null);
        canvas.setOnMouseClicked(null);
        canvas.setOnContextMenuRequested(null);
        canvas.setOnMouseMoved(null);
        canvas.setOnMouseExited(null);
        tooltip.hide();
    }

    private void pressed(MouseEvent e) {
        dragX = e.getX();
        dragY = e.getY();
        dragTime = chart.timeOffsetProperty().get();
        dragRows = chart.rowOffsetProperty().get();
        dragged = false;
        chart.requestFocus();
    }

    private void dragged(MouseEvent e) {
        dragged = true;
        chart.timeOffsetProperty().set(Math.max(0, dragTime - (e.getX() - dragX) * chart.msPerPixelProperty().get()));
        chart.rowOffsetProperty().set(GanttGeometry.clampRows(chart, dragRows - (e.getY() - dragY), canvas.getHeight()));
    }

    private void clicked(MouseEvent e) {
        if (dragged) return;
        GanttModel.Line line = GanttGeometry.lineAt(chart, e.getY());
        if (line == null) return;
        if (line.isHeader()) chart.getModel().toggleLane(line.lane());
        else chart.setSelectedJob(line.row().jobId());
    }

    /** A context menu is about the row under the pointer: it is selected first (a lane header has none). */
    private void menuRequested(ContextMenuEvent e) {
        if (e.isKeyboardTrigger()) return;
        GanttModel.Line line = GanttGeometry.lineAt(chart, e.getY());
        if (line == null || line.isHeader()) {
            e.consume();
            return;
        }
        tooltip.hide();
        chart.setSelectedJob(line.row().jobId());
    }

    private void scrolled(ScrollEvent e) {
        if (e.isControlDown() || e.isShortcutDown()) {
            double atTime = GanttGeometry.timeAtX(chart, e.getX());
            chart.zoom(e.getDeltaY() > 0 ? WHEEL_ZOOM : 1 / WHEEL_ZOOM);
            double left = atTime - (e.getX() - chart.labelWidth()) * chart.msPerPixelProperty().get();
            chart.timeOffsetProperty().set(Math.max(0, left));
        } else if (e.isShiftDown() || Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
            double d = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            chart.timeOffsetProperty().set(Math.max(0, chart.timeOffsetProperty().get() - d * chart.msPerPixelProperty().get()));
        } else {
            chart.rowOffsetProperty().set(GanttGeometry.clampRows(chart, chart.rowOffsetProperty().get() - e.getDeltaY(), canvas.getHeight()));
        }
        e.consume();
    }
}
