package baton.ui.gantt.impl;

import baton.model.JobStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;

import java.util.List;

import static baton.ui.gantt.impl.GanttGeometry.HEADER;

/**
 * Keeps a following chart with its run, once per frame: the time axis grows with it
 * ({@link GanttChart#keepUp}), and when no running job is on screen the rows scroll to the first
 * one (a run of hundreds of jobs would otherwise run out of sight).
 */
final class GanttFollower {
    /** A job scrolled to is put this far down the view, so the jobs before it show too. */
    private static final double RUNNING_AT = 1.0 / 3;

    private final GanttChart chart;

    GanttFollower(GanttChart chart) {
        this.chart = chart;
    }

    /** {@code viewHeight}: the height the rows and the axis are drawn in. */
    void step(long now, double viewHeight) {
        if (!chart.isFollowing()) return;
        chart.keepUp(now);
        GanttModel m = chart.getModel();
        if (m.live() && chart.isFollowingRows()) keepRunningInView(m, viewHeight);
    }

    private void keepRunningInView(GanttModel m, double viewHeight) {
        double rowH = chart.rowHeightProperty().get();
        double offset = chart.rowOffsetProperty().get();
        int firstShown = (int) Math.ceil(offset / rowH);
        int lastShown = (int) ((offset + viewHeight - HEADER) / rowH) - 1;
        List<GanttModel.Line> lines = m.lines();
        int firstRunning = -1;
        for (int i = 0; i < lines.size(); i++) {
            GanttModel.Line l = lines.get(i);
            if (l.isHeader() || l.row().status() != JobStatus.RUNNING) continue;
            if (i >= firstShown && i <= lastShown) return;
            if (firstRunning < 0) firstRunning = i;
        }
        if (firstRunning < 0) return;
        double rowsShown = (viewHeight - HEADER) / rowH;
        double wanted = (firstRunning - Math.floor(rowsShown * RUNNING_AT)) * rowH;
        chart.rowOffsetProperty().set(GanttGeometry.clampRows(chart, wanted, viewHeight));
    }
}
