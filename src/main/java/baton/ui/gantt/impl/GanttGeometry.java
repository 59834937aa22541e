package baton.ui.gantt.impl;

import baton.ui.gantt.GanttChart;
import baton.model.JobStatus;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.GanttRow;
import baton.ui.gantt.Segment;

import java.util.List;

/** Where things are on the chart: the time axis on top, then one line (lane header or job) per row height. */
final class GanttGeometry {
    /** The height of the time axis. */
    static final double HEADER = 24;

    private GanttGeometry() {}

    /** Milliseconds on the axis at {@code x} (from the run's start, idle breaks cut short: see {@link baton.ui.gantt.GanttTime}). */
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

    /** The span of {@code row} at {@code x} (a pixel or two of slack about thin bars), or null. */
    static Segment segmentAt(GanttChart c, GanttRow row, double x) {
        long t = c.getModel().time().real(timeAtX(c, x));
        double slack = 2 * c.msPerPixelProperty().get();
        Segment found = null;
        for (Segment s : row.segments()) {
            long end = s.open() ? System.currentTimeMillis() : s.end();
            if (t >= s.start() - slack && t <= end + slack) found = s;
        }
        return found;
    }

    /** Whether a span is an attempt (its run), not time spent queued or waiting to retry. */
    static boolean isAttempt(Segment s) {
        return s.attempt() > 0 && s.status() != JobStatus.QUEUED && s.status() != JobStatus.RETRYING;
    }
}
