package baton.ui.gantt;

import baton.model.JobStatus;
import baton.ui.gantt.impl.GanttMarks;
import javafx.beans.InvalidationListener;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;

/**
 * A state as the chart draws it, small, for the legend: the same colours and marks as the bars,
 * repainted when the chart's palette changes (a theme switch).
 */
public final class GanttSwatch extends Canvas {
    private static final double W = 26, H = 16;

    private final GanttPalette palette;
    private final JobStatus status;
    private final boolean nonFatal;

    /** @param nonFatal a failure of a phase with {@code fatal: false} */
    public GanttSwatch(GanttChart chart, JobStatus status, boolean nonFatal) {
        super(W, H);
        this.palette = chart.palette();
        this.status = status;
        this.nonFatal = nonFatal;
        InvalidationListener repaint = o -> paint();
        palette.addListener(repaint);
        paint();
    }

    private void paint() {
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, W, H);
        switch (status) {
            case BLOCKED -> GanttMarks.blocked(g, palette, 0, W, -1, H + 2);
            case SKIPPED -> GanttMarks.endedUnrun(g, palette, status, W / 2, -1, H + 2);
            default -> GanttMarks.bar(g, palette, status, nonFatal, 0, W, -1, H + 2);
        }
    }
}
