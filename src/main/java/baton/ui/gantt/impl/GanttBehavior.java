package baton.ui.gantt.impl;

import baton.model.JobStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.Segment;
import javafx.event.EventHandler;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;

/**
 * What the pointer and the keys do on the chart: drag to pan, wheel to scroll the rows (with
 * Shift, or sideways, to pan; with Ctrl to zoom about the pointer), drag the labels' edge to widen
 * them, click a row to select it (on an attempt's bar: that attempt) or a lane header to fold it,
 * right-click to select the row before its menu shows, hover for the tooltip, End to follow the
 * run again, F and R to the next failed and running job. Moving the view by hand stops following it.
 */
final class GanttBehavior {
    private static final double WHEEL_ZOOM = 1.25;
    /** How near the labels' edge the pointer grabs it. */
    private static final double EDGE_GRAB = 4;
    private static final double MIN_LABEL_WIDTH = 60;

    private final GanttChart chart;
    private final Canvas canvas;
    private final GanttTooltip tooltip;
    private final EventHandler<KeyEvent> keys = this::keyPressed;
    private double dragX, dragY, dragTime, dragRows, dragLabel;
    private boolean dragged, resizingLabels;

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
        canvas.setOnMouseMoved(this::moved);
        canvas.setOnMouseExited(e -> tooltip.hide());
        chart.addEventHandler(KeyEvent.KEY_PRESSED, keys);
    }

    void uninstall() {
        canvas.setOnScroll(null);
        canvas.setOnMousePressed(null);
        canvas.setOnMouseDragged(null);
        canvas.setOnMouseClicked(null);
        canvas.setOnContextMenuRequested(null);
        canvas.setOnMouseMoved(null);
        canvas.setOnMouseExited(null);
        chart.removeEventHandler(KeyEvent.KEY_PRESSED, keys);
        tooltip.hide();
    }

    private boolean onLabelEdge(double x) {
        return Math.abs(x - chart.labelWidth()) <= EDGE_GRAB;
    }

    private void moved(MouseEvent e) {
        canvas.setCursor(onLabelEdge(e.getX()) ? Cursor.H_RESIZE : Cursor.DEFAULT);
        tooltip.pointerAt(e);
    }

    private void pressed(MouseEvent e) {
        dragX = e.getX();
        dragY = e.getY();
        dragTime = chart.timeOffsetProperty().get();
        dragRows = chart.rowOffsetProperty().get();
        dragLabel = chart.labelWidth();
        dragged = false;
        resizingLabels = onLabelEdge(e.getX());
        chart.requestFocus();
    }

    private void dragged(MouseEvent e) {
        dragged = true;
        if (resizingLabels) {
            double max = Math.max(MIN_LABEL_WIDTH, canvas.getWidth() - 100);
            chart.labelWidthProperty().set(Math.max(MIN_LABEL_WIDTH, Math.min(max, dragLabel + e.getX() - dragX)));
            return;
        }
        chart.stopFollowing();
        chart.timeOffsetProperty().set(Math.max(0, dragTime - (e.getX() - dragX) * chart.msPerPixelProperty().get()));
        chart.rowOffsetProperty().set(GanttGeometry.clampRows(chart, dragRows - (e.getY() - dragY), canvas.getHeight()));
    }

    private void clicked(MouseEvent e) {
        if (dragged) return;
        GanttModel.Line line = GanttGeometry.lineAt(chart, e.getY());
        if (line == null) return;
        if (line.isHeader()) {
            chart.getModel().toggleLane(line.lane());
            return;
        }
        chart.setSelectedJob(line.row().jobId());
        Segment s = e.getX() > chart.labelWidth() ? GanttGeometry.segmentAt(chart, line.row(), e.getX()) : null;
        chart.selectedAttemptProperty().set(s != null && GanttGeometry.isAttempt(s) ? s.attempt() : 0);
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
            chart.stopFollowing();
            chart.timeOffsetProperty().set(Math.max(0, chart.timeOffsetProperty().get() - d * chart.msPerPixelProperty().get()));
        } else {
            chart.stopFollowingRows();
            chart.rowOffsetProperty().set(GanttGeometry.clampRows(chart, chart.rowOffsetProperty().get() - e.getDeltaY(), canvas.getHeight()));
        }
        e.consume();
    }

    private void keyPressed(KeyEvent e) {
        switch (e.getCode()) {
            case END -> chart.follow();
            case F -> chart.selectNext(r -> r.status() == JobStatus.FAILED || r.status() == JobStatus.TIMED_OUT);
            case R -> chart.selectNext(r -> r.status() == JobStatus.RUNNING);
            default -> {
                return;
            }
        }
        e.consume();
    }
}
