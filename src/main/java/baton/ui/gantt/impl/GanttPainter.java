package baton.ui.gantt.impl;

import baton.model.DurationText;
import baton.model.JobStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.GanttPalette;
import baton.ui.gantt.GanttPalette.Part;
import baton.ui.gantt.GanttRow;
import baton.ui.gantt.GanttTime;
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
 * paint follows the screen, not the run. How one bar looks is {@link GanttMarks}'s.
 */
final class GanttPainter {
    /** Axis steps to choose from: the first at least {@link #MIN_STEP_PX} wide is used. */
    private static final double[] STEPS_MS = {100, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000,
            1_800_000, 3_600_000, 7_200_000, 21_600_000, 86_400_000};
    private static final double MIN_STEP_PX = 80;
    private static final Font FONT = Font.font(12);
    /** Where a row's label starts: after its state's dot. */
    private static final double LABEL_X = 20;

    private final GanttChart chart;
    private final Canvas canvas;
    private final TextFitter fitter = new TextFitter(FONT);
    private final GanttLinks links;
    /** How much of its colour a job keeps when another is lit. */
    private static final double DIMMED = 0.28;

    GanttPainter(GanttChart chart, Canvas canvas) {
        this.chart = chart;
        this.canvas = canvas;
        this.links = new GanttLinks(chart);
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
        Span span = new Span(m.time(), m.end(now), now, offset, mpp, label, w, rowH);
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
                String text = (m.isCollapsed(line.lane()) ? "▸ " : "▾ ") + line.lane() + "  (" + line.jobsInLane() + ")";
                g.fillText(fitter.fit(text, label - 10), 6, y + rowH / 2);
            } else {
                paintRow(g, p, line.row(), i, y, span);
            }
        }
        paintEdges(g, p, span, rowOffset, h);
        paintBreaks(g, p, span, h);
        paintAxis(g, p, w, h, label, mpp, offset, start, m.time());
        if (m.live()) {
            double x = span.x(now);
            if (x >= label && x <= w) {
                g.setStroke(p.of(Part.NOW_LINE));
                g.setLineWidth(1.5);
                g.setLineDashes(6, 3);
                g.strokeLine(x, HEADER, x, h);
                g.setLineDashes((double[]) null);
                g.setLineWidth(1);
            }
        }
        g.setStroke(p.of(Part.GRID));
        g.strokeLine(label - 0.5, 0, label - 0.5, h);
    }

    /** The time window painted: the axis, epoch ms at the run's end and now, axis ms at the left edge, ms per pixel, and the bars' area. */
    private record Span(GanttTime time, long end, long now, double offset, double mpp, double label, double width, double rowH) {
        double x(long at) {
            return label + (time.at(at) - offset) / mpp;
        }

        boolean shows(long from, long to) {
            return x(to) >= label && x(from) <= width;
        }
    }

    /** Idle stretches cut short: a zigzag across the rows, and how long nothing happened. */
    private void paintBreaks(GraphicsContext g, GanttPalette p, Span span, double h) {
        for (GanttTime.Break b : span.time().breaks()) {
            double x0 = span.label() + (b.at() - span.offset()) / span.mpp(), bw = b.width() / span.mpp();
            if (x0 + bw < span.label() || x0 > span.width()) continue;
            g.save();
            g.beginPath();
            g.rect(span.label(), HEADER, span.width() - span.label(), h - HEADER);
            g.clip();
            g.setFill(p.of(Part.STRIPE));
            g.fillRect(x0, HEADER, bw, h - HEADER);
            g.setStroke(p.of(Part.MUTED_TEXT));
            g.setLineWidth(1.2);
            for (double edge : new double[]{x0, x0 + bw}) {
                g.beginPath();
                g.moveTo(edge, HEADER);
                for (double y = HEADER; y < h; y += 8) g.lineTo(edge + ((int) ((y - HEADER) / 8) % 2 == 0 ? 3 : -3), y + 8);
                g.stroke();
            }
            String text = DurationText.of(b.idle()) + " idle";
            if (fitter.width(text) + 6 < bw || bw > 30) {
                g.setFill(p.of(Part.MUTED_TEXT));
                g.setTextAlign(TextAlignment.CENTER);
                g.fillText(fitter.fit(text, Math.max(bw - 4, 40)), x0 + bw / 2, HEADER + 10);
            }
            g.restore();
        }
    }

    private void paintRow(GraphicsContext g, GanttPalette p, GanttRow r, int index, double y, Span span) {
        double w = span.width(), rowH = span.rowH();
        boolean selected = r.jobId().equals(chart.getSelectedJob());
        if (selected) {
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
        int shownAttempt = selected ? shownAttempt(r) : 0;
        var lit = links.lit();
        if (lit != null && !lit.contains(r.jobId())) g.setGlobalAlpha(DIMMED);
        for (Segment s : r.segments()) {
            long end = s.open() ? span.now() : s.end();
            if (!span.shows(s.start(), end)) continue;
            double x0 = span.x(s.start()), bw = Math.max(2, span.x(end) - x0);
            GanttMarks.bar(g, p, s.status(), r.nonFatal(), x0, bw, y, rowH);
            if (shownAttempt > 0 && s.attempt() == shownAttempt && GanttGeometry.isAttempt(s)) GanttMarks.outline(g, p, x0, bw, y, rowH);
        }
        // the ghost: how long its last attempt usually takes, from where it began
        Segment last = lastAttempt(r);
        if (r.baseline() > 0 && last != null && !last.open()) {
            double x0 = span.x(last.start());
            GanttMarks.ghost(g, p, x0, Math.max(2, span.x(last.start() + r.baseline()) - x0), y, rowH);
        }
        // ended without a bar: blocked across the rest of the run, skipped or cancelled as a mark where it was set
        if (r.segments().isEmpty() || !GanttRow.drawn(r.status())) {
            switch (r.status()) {
                case BLOCKED -> {
                    double x0 = span.x(r.statusSince());
                    GanttMarks.blocked(g, p, x0, Math.max(6, span.x(span.end()) - x0), y, rowH);
                }
                case SKIPPED, CANCELLED -> {
                    if (r.segments().isEmpty() || r.status() == JobStatus.SKIPPED) GanttMarks.endedUnrun(g, p, r.status(), span.x(r.statusSince()), y, rowH);
                }
                default -> {}
            }
        }
        g.restore();
        GanttMarks.dot(g, p, r.status(), r.nonFatal(), 10, y + rowH / 2);
        paintLabel(g, p, r, y + rowH / 2, span.label() - LABEL_X - 6);
        g.setGlobalAlpha(1);
    }

    /** The lit edges: from where the job waited for ended to where the job that waited began, with an arrowhead. */
    private void paintEdges(GraphicsContext g, GanttPalette p, Span span, double rowOffset, double h) {
        var edges = links.edges();
        if (edges.isEmpty()) return;
        double rowH = span.rowH();
        g.save();
        g.beginPath();
        g.rect(span.label(), HEADER, span.width() - span.label(), h - HEADER);
        g.clip();
        g.setStroke(p.of(Part.TEXT));
        g.setFill(p.of(Part.TEXT));
        g.setLineWidth(1.5);
        g.setGlobalAlpha(0.75);
        for (GanttLinks.Edge e : edges) {
            int from = links.lineOf(e.from().jobId()), to = links.lineOf(e.to().jobId());
            if (from < 0 || to < 0) continue;
            double x1 = span.x(GanttLinks.leaves(e.from(), span.now())), y1 = HEADER + from * rowH - rowOffset + rowH / 2;
            double x2 = span.x(GanttLinks.reaches(e.to())), y2 = HEADER + to * rowH - rowOffset + rowH / 2;
            double bend = Math.max(12, Math.abs(x2 - x1) / 2);
            g.beginPath();
            g.moveTo(x1, y1);
            g.bezierCurveTo(x1 + bend, y1, x2 - bend, y2, x2, y2);
            g.stroke();
            g.fillPolygon(new double[]{x2, x2 - 7, x2 - 7}, new double[]{y2, y2 - 4, y2 + 4}, 3);
        }
        g.restore();
    }

    private static Segment lastAttempt(GanttRow r) {
        for (int i = r.segments().size() - 1; i >= 0; i--) if (GanttGeometry.isAttempt(r.segments().get(i))) return r.segments().get(i);
        return null;
    }

    /** The attempt the job panel shows: the one clicked, else the latest. */
    private int shownAttempt(GanttRow r) {
        int picked = chart.selectedAttemptProperty().get();
        return picked > 0 ? picked : r.attempt();
    }

    /** The phase's name, and the job's id beside it in a quieter colour; cut with "…" to the column (the tooltip has it all). */
    private void paintLabel(GraphicsContext g, GanttPalette p, GanttRow r, double y, double room) {
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(p.of(Part.TEXT));
        if (r.label() == null) {
            g.fillText(fitter.fit(r.jobId(), room), LABEL_X, y);
            return;
        }
        String name = fitter.fit(r.label(), room);
        g.fillText(name, LABEL_X, y);
        if (!name.equals(r.label())) return;
        double used = fitter.width(name) + 8;
        String id = fitter.fit(r.jobId(), room - used);
        if (id.isEmpty()) return;
        g.setFill(p.of(Part.MUTED_TEXT));
        g.fillText(id, LABEL_X + used, y);
    }

    private static void paintAxis(GraphicsContext g, GanttPalette p, double w, double h, double label, double mpp, double offset, long start, GanttTime time) {
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
            // after a break the axis goes on from the real time: its labels say how long since the start
            g.fillText("+" + DurationText.of(time.real(t) - start), x + 3, HEADER / 2);
        }
        g.setFill(p.of(Part.TEXT));
        g.fillText(GanttTooltip.CLOCK.format(Instant.ofEpochMilli(start)), 6, HEADER / 2);
    }
}
