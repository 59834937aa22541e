package baton.ui.gantt.impl;

import baton.model.JobStatus;
import baton.ui.gantt.GanttPalette;
import baton.ui.gantt.GanttPalette.Part;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * How each state looks, told apart by shape as well as by colour (for people who do not see the
 * hues apart, and in print): a failure carries a cross, a time-out a clock, a cancelled attempt a
 * slash; a failure that does not fail the run ({@code fatal: false}) is hatched in a hue of its
 * own; a blocked job is hatched across the rest of the run; a skipped job is a hollow diamond;
 * time spent queued is a thin line, waiting to retry a dashed one, waiting for a person an
 * outlined bar. The legend draws its swatches with these too.
 */
public final class GanttMarks {
    /** A mark is drawn only on a bar at least this wide. */
    private static final double MARK_ROOM = 14;
    private static final double HATCH_STEP = 6;

    private GanttMarks() {}

    /** One span of a job: {@code x0} and {@code bw} across, in a row at {@code y} that is {@code rowH} high. */
    public static void bar(GraphicsContext g, GanttPalette p, JobStatus status, boolean nonFatal, double x0, double bw, double y, double rowH) {
        double top = y + 3, h = rowH - 6;
        switch (status) {
            case QUEUED -> {
                g.setFill(p.of(Part.QUEUED_BAR));
                g.fillRect(x0, y + rowH * 0.4, bw, rowH * 0.2);
            }
            case AWAITING_APPROVAL -> {
                // an outlined bar: time spent waiting for a person, not running
                g.setStroke(p.of(status));
                g.setLineWidth(2);
                g.strokeRoundRect(x0 + 1, y + 4, Math.max(2, bw - 2), rowH - 8, 4, 4);
                g.setLineWidth(1);
            }
            case RETRYING -> {
                g.setStroke(p.of(Part.RETRY_WAIT));
                g.setLineDashes(3, 3);
                g.strokeLine(x0, y + rowH / 2, x0 + bw, y + rowH / 2);
                g.setLineDashes((double[]) null);
            }
            case FAILED -> {
                if (nonFatal) {
                    Color c = p.of(Part.FAILED_NON_FATAL);
                    g.setFill(c.deriveColor(0, 1, 1, 0.35));
                    g.fillRoundRect(x0, top, bw, h, 4, 4);
                    hatch(g, c, x0, top, bw, h);
                    g.setStroke(c);
                    g.strokeRoundRect(x0 + 0.5, top + 0.5, Math.max(1, bw - 1), h - 1, 4, 4);
                } else {
                    g.setFill(p.of(status));
                    g.fillRoundRect(x0, top, bw, h, 4, 4);
                }
                if (bw >= MARK_ROOM) cross(g, nonFatal ? p.of(Part.TEXT) : p.of(Part.MARK), x0 + bw - h / 2 - 2, top + h / 2, h * 0.3);
            }
            case TIMED_OUT -> {
                g.setFill(p.of(status));
                g.fillRoundRect(x0, top, bw, h, 4, 4);
                if (bw >= MARK_ROOM) clock(g, p.of(Part.MARK), x0 + bw - h / 2 - 2, top + h / 2, h * 0.34);
            }
            case CANCELLED -> {
                g.setFill(p.of(status));
                g.fillRoundRect(x0, top, bw, h, 4, 4);
                if (bw >= MARK_ROOM) slash(g, p.of(Part.MARK), x0 + bw - h / 2 - 2, top + h / 2, h * 0.3);
            }
            default -> {
                g.setFill(p.of(status));
                g.fillRoundRect(x0, top, bw, h, 4, 4);
            }
        }
    }

    /** A blocked job: hatched from when it was blocked to the end of the run, the full height of a bar. */
    public static void blocked(GraphicsContext g, GanttPalette p, double x0, double bw, double y, double rowH) {
        Color c = p.of(JobStatus.BLOCKED);
        double top = y + 3, h = rowH - 6;
        g.setFill(c.deriveColor(0, 1, 1, 0.18));
        g.fillRect(x0, top, bw, h);
        hatch(g, c, x0, top, bw, h);
        g.setStroke(c);
        g.strokeRect(x0 + 0.5, top + 0.5, Math.max(1, bw - 1), h - 1);
    }

    /** A job that ended without running (skipped, or cancelled before it started): a hollow diamond where it was decided. */
    public static void endedUnrun(GraphicsContext g, GanttPalette p, JobStatus status, double x, double y, double rowH) {
        double cy = y + rowH / 2, r = rowH * 0.3;
        g.setStroke(p.of(status));
        g.setLineWidth(2);
        g.strokePolygon(new double[]{x - r, x, x + r, x}, new double[]{cy, cy - r, cy, cy + r}, 4);
        g.setLineWidth(1);
    }

    /** How long the attempt usually takes: a dashed outline of that length, and a tick where it ends. */
    static void ghost(GraphicsContext g, GanttPalette p, double x0, double bw, double y, double rowH) {
        g.setStroke(p.of(Part.TEXT));
        g.setGlobalAlpha(g.getGlobalAlpha() * 0.55);
        g.setLineDashes(2, 2);
        g.strokeRect(x0 + 0.5, y + 1.5, bw, rowH - 3);
        g.setLineDashes((double[]) null);
        g.setLineWidth(2);
        g.strokeLine(x0 + bw, y, x0 + bw, y + rowH);
        g.setLineWidth(1);
        g.setGlobalAlpha(Math.min(1, g.getGlobalAlpha() / 0.55));
        // a notch over the bar where the usual length ends, seen even when the bar covers the outline
        g.setFill(p.of(Part.TEXT));
        g.fillPolygon(new double[]{x0 + bw - 4, x0 + bw + 4, x0 + bw}, new double[]{y, y, y + 4}, 3);
    }

    /** The selected attempt: an outline around its bar. */
    static void outline(GraphicsContext g, GanttPalette p, double x0, double bw, double y, double rowH) {
        g.setStroke(p.of(Part.TEXT));
        g.setLineWidth(2);
        g.strokeRoundRect(x0 - 1, y + 2, bw + 2, rowH - 4, 5, 5);
        g.setLineWidth(1);
    }

    /** The state's dot before a row's label: hollow for a state without a bar of its own colour, hatched-looking for a non-fatal failure. */
    public static void dot(GraphicsContext g, GanttPalette p, JobStatus s, boolean nonFatal, double cx, double cy) {
        double r = 4.5;
        if (s == JobStatus.FAILED && nonFatal) {
            g.setStroke(p.of(Part.FAILED_NON_FATAL));
            g.setLineWidth(2);
            g.strokeOval(cx - r + 1, cy - r + 1, 2 * r - 2, 2 * r - 2);
            g.setLineWidth(1);
            return;
        }
        g.setFill(p.of(s));
        g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
    }

    private static void hatch(GraphicsContext g, Color c, double x0, double top, double w, double h) {
        g.save();
        g.beginPath();
        g.rect(x0, top, w, h);
        g.clip();
        g.setStroke(c);
        g.setLineWidth(1.5);
        for (double x = x0 - h; x < x0 + w; x += HATCH_STEP) g.strokeLine(x, top + h, x + h, top);
        g.restore();
    }

    private static void cross(GraphicsContext g, Color c, double cx, double cy, double r) {
        g.setStroke(c);
        g.setLineWidth(2);
        g.strokeLine(cx - r, cy - r, cx + r, cy + r);
        g.strokeLine(cx - r, cy + r, cx + r, cy - r);
        g.setLineWidth(1);
    }

    private static void clock(GraphicsContext g, Color c, double cx, double cy, double r) {
        g.setStroke(c);
        g.setLineWidth(1.5);
        g.strokeOval(cx - r, cy - r, 2 * r, 2 * r);
        g.strokeLine(cx, cy, cx, cy - r * 0.7);
        g.strokeLine(cx, cy, cx + r * 0.6, cy);
        g.setLineWidth(1);
    }

    private static void slash(GraphicsContext g, Color c, double cx, double cy, double r) {
        g.setStroke(c);
        g.setLineWidth(2);
        g.strokeLine(cx - r, cy + r, cx + r, cy - r);
        g.setLineWidth(1);
    }
}
