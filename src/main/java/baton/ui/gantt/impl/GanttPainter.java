package baton.ui.gantt.impl;

import baton.model.DurationText;
import baton.model.JobStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.GanttPalette;
import baton.ui.gantt.GanttPalette.Part;
import baton.ui.gantt.GanttRow;
import baton.ui.gantt.Segment;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.time.Instant;
import java.util.List;

import static baton.ui.gantt.impl.GanttGeometry.HEADER;

/**
 * Paints the visible window of a chart on its canvas, in its palette's colours. Rows outside the
 * viewport are never touched and bars outside the visible time are skipped, so the cost of a
 * paint follows the screen, not the run.
 */
final class GanttPainter {
    /** Axis steps to choose from: the first at least {@link #MIN_STEP_PX} wide is used. */
    private static final double[] STEPS_MS = {100, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000,
            1_800_000, 3_600_000, 7_200_000};
    private static final double MIN_STEP_PX = 80;
    private static final int LABEL_CHARS = 22;
    private static final Font FONT = Font.font(12);

    private final GanttChart chart;
    private final Canvas canvas;

    GanttPainter(GanttChart chart, Canvas canvas) {
        this.chart = chart;
        this.canvas = canvas;
    }

    void paint() {
        GanttModel m = chart.getModel();
        GanttPalette p = chart.palette();
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.setFill(p.of(Part.BACKGROUND));
        g.fillRect(0, 0, w, h);
        double rowH = chart.rowHeightProperty().get();
        double label = chart.labelWidth();
        double mpp = chart.msPerPixelProperty().get();
        double offset = chart.timeOffsetProperty().get();
        double rowOffset = chart.rowOffsetProperty().get();
        long start = m.start();
        long now = System.currentTimeMillis();
        List<GanttModel.Line> lines = m.lines();
        int first = (int) Math.max(0, rowOffset / rowH);
        int last = (int) Math.min(lines.size() - 1, (rowOffset + h - HEADER) / rowH + 1);
        Span span = new Span(start, now, offset, mpp, label, w, rowH);
        g.setFont(FONT);
        g.setTextBaseline(VPos.CENTER);
        for (int i = first; i <= last; i++) {
            double y = HEADER + i * rowH - rowOffset;
            GanttModel.Line line = lines.get(i);
            if (line.isHeader()) {
                g.setFill(p.of(Part.LANE_HEADER));
                g.fillRect(0, y, w, rowH);
                g.setFill(p.of(Part.TEXT));
                g.setTextAlign(TextAlignment.LEFT);
                g.fillText((m.isCollapsed(line.lane()) ? "▸ " : "▾ ") + line.lane() + "  (" + line.jobsInLane() + ")", 6, y + rowH / 2);
            } else {
                paintRow(g, p, line.row(), i, y, span);
            }
        }
        paintAxis(g, p, w, h, label, mpp, offset, start);
        if (m.live()) {
            double x = label + (now - start - offset) / mpp;
            if (x >= label && x <= w) {
                g.setStroke(p.of(Part.NOW_LINE));
                g.setLineWidth(1.5);
                g.strokeLine(x, HEADER, x, h);
                g.setLineWidth(1);
            }
        }
        g.setStroke(p.of(Part.GRID));
        g.strokeLine(label - 0.5, 0, label - 0.5, h);
    }

    /** The time window painted: epoch ms at the run's start and now, ms at the left edge, ms per pixel, and the bars' area. */
    private record Span(long start, long now, double offset, double mpp, double label, double width, double rowH) {
        double x(long at) {
            return label + (at - start - offset) / mpp;
        }

        boolean shows(long from, long to) {
            double visibleFrom = start + offset;
            return to >= visibleFrom && from <= visibleFrom + (width - label) * mpp;
        }
    }

    private void paintRow(GraphicsContext g, GanttPalette p, GanttRow r, int index, double y, Span span) {
        double w = span.width(), rowH = span.rowH();
        if (r.jobId().equals(chart.getSelectedJob())) {
            g.setFill(p.of(Part.SELECTION));
            g.fillRect(0, y, w, rowH);
        } else if (index % 2 == 1) {
            g.setFill(p.of(Part.STRIPE));
            g.fillRect(0, y, w, rowH);
        }
        g.save();
        g.beginPath();
        g.rect(span.label(), y, w - span.label(), rowH);
        g.clip();
        for (Segment s : r.segments()) {
            long end = s.open() ? span.now() : s.end();
            if (span.shows(s.start(), end)) paintBar(g, p, s.status(), span.x(s.start()), Math.max(2, span.x(end) - span.x(s.start())), y, rowH);
        }
        // ended without a bar (skipped, blocked): a marker where its state was set
        if (r.segments().isEmpty() && r.status() != JobStatus.PENDING && r.status() != JobStatus.WAITING) {
            double x = span.x(r.statusSince());
            g.setFill(p.of(r.status()));
            g.fillOval(x - 4, y + rowH / 2 - 4, 8, 8);
        }
        g.restore();
        g.setFill(p.of(r.status()));
        g.fillOval(6, y + rowH / 2 - 4, 8, 8);
        g.setFill(p.of(Part.TEXT));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(clip(r.jobId()), 20, y + rowH / 2);
    }

    private static void paintBar(GraphicsContext g, GanttPalette p, JobStatus status, double x0, double bw, double y, double rowH) {
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
            default -> {
                g.setFill(p.of(status));
                g.fillRoundRect(x0, y + 3, bw, rowH - 6, 4, 4);
            }
        }
    }

    private static void paintAxis(GraphicsContext g, GanttPalette p, double w, double h, double label, double mpp, double offset, long start) {
        g.setFill(p.of(Part.AXIS));
        g.fillRect(0, 0, w, HEADER);
        double step = STEPS_MS[STEPS_MS.length - 1];
        for (double s : STEPS_MS) {
            if (s / mpp >= MIN_STEP_PX) {
                step = s;
                break;
            }
        }
        g.setTextAlign(TextAlignment.LEFT);
        for (double t = Math.floor(offset / step) * step; label + (t - offset) / mpp < w; t += step) {
            double x = label + (t - offset) / mpp;
            if (x < label) continue;
            g.setStroke(p.of(Part.GRID));
            g.strokeLine(x + 0.5, HEADER, x + 0.5, h);
            g.setFill(p.of(Part.TEXT));
            g.fillText("+" + DurationText.of((long) t), x + 3, HEADER / 2);
        }
        g.setFill(p.of(Part.TEXT));
        g.fillText(GanttTooltip.CLOCK.format(Instant.ofEpochMilli(start)), 6, HEADER / 2);
    }

    private static String clip(String s) {
        return s.length() <= LABEL_CHARS ? s : s.substring(0, LABEL_CHARS - 1) + "…";
    }
}
