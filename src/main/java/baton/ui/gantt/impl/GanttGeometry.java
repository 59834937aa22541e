package baton.ui.gantt.impl;

import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;

import java.util.List;

/** Where things are on the chart: the time axis on top, then one line (lane header or job) per row height. */
final class GanttGeometry {
    /** The height of the time axis. */
    static final double HEADER = 24;

    private GanttGeometry() {}

    /** Milliseconds from the run's start at {@code x}. */
    static double timeAtX(GanttChart c, double x) {
        return c.timeOffsetProperty().get() + (x - c.labelWidth()) * c.msPerPixelProperty().get();
    }

    /** The line at {@code y}, or null (the axis, or below the last line). */
    static GanttModel.Line lineAt(GanttChart c, double y) {
        if (y < HEADER) return null;
        int index = (int) ((y - HEADER + c.rowOffsetProperty().get()) / c.rowHeightProperty().get());
        List<GanttModel.Line> lines = c.getModel().lines();
        return index >= 0 && index < lines.size() ? lines.get(index) : null;
    }

    /** A row offset kept between the top and the last line at the bottom of a view {@code height} high. */
    static double clampRows(GanttChart c, double offset, double height) {
        double total = c.getModel().lines().size() * c.rowHeightProperty().get();
        return Math.max(0, Math.min(offset, Math.max(0, total - (height - HEADER))));
    }
}
