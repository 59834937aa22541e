package baton.ui.gantt.impl;

import baton.model.JobStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.GanttRow;
import baton.ui.gantt.Segment;
import javafx.animation.AnimationTimer;
import javafx.beans.InvalidationListener;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.SkinBase;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Paints the visible window of a {@link GanttChart} on one canvas, at most once per frame and
 * only when something changed (the model, the viewport, or "now" while live). Rows outside the
 * viewport are never touched, and bars outside the visible time span are skipped, so the cost
 * of a frame follows the screen, not the run.
 */
public class GanttChartSkin extends SkinBase<GanttChart> {
    private static final double HEADER = 24;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final Canvas canvas = new Canvas();
    private final Tooltip tooltip = new Tooltip();
    private final AnimationTimer timer;
    private final InvalidationListener repaint = o -> dirty = true;
    private boolean dirty = true;
    private int drawnVersion = -1;
    private double dragX, dragY, dragTime, dragRows;
    private boolean dragged;
    private String hovered;
    /** Time spent in the last paint, for the benchmark. */
    public static volatile long lastPaintNanos, maxPaintNanos;

    public GanttChartSkin(GanttChart chart) {
        super(chart);
        getChildren().add(canvas);
        tooltip.setShowDelay(Duration.millis(150));
        tooltip.setHideDelay(Duration.millis(100));
        chart.msPerPixelProperty().addListener(repaint);
        chart.timeOffsetProperty().addListener(repaint);
        chart.rowOffsetProperty().addListener(repaint);
        chart.selectedJobProperty().addListener(repaint);
        chart.modelProperty().addListener(repaint);
        chart.widthProperty().addListener(repaint);
        chart.heightProperty().addListener(repaint);
        canvas.setOnScroll(this::onScroll);
        canvas.setOnMousePressed(e -> {
            dragX = e.getX();
            dragY = e.getY();
            dragTime = chart.timeOffsetProperty().get();
            dragRows = chart.rowOffsetProperty().get();
            dragged = false;
            chart.requestFocus();
        });
        canvas.setOnMouseDragged(e -> {
            dragged = true;
            chart.timeOffsetProperty().set(Math.max(0, dragTime - (e.getX() - dragX) * chart.msPerPixelProperty().get()));
            chart.rowOffsetProperty().set(clampRows(dragRows - (e.getY() - dragY)));
        });
        canvas.setOnMouseClicked(this::onClick);
        // a context menu is about the row under the pointer: it is selected first (a lane header has none)
        canvas.setOnContextMenuRequested(e -> {
            if (e.isKeyboardTrigger()) return;
            GanttModel.Line line = lineAt(e.getY());
            if (line == null || line.isHeader()) {
                e.consume();
                return;
            }
            tooltip.hide();
            chart.setSelectedJob(line.row().jobId());
        });
        canvas.setOnMouseMoved(this::onMove);
        canvas.setOnMouseExited(e -> tooltip.hide());
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                GanttModel m = getSkinnable().getModel();
                if (dirty || m.version() != drawnVersion || m.live()) paint();
            }
        };
        timer.start();
    }

    @Override
    public void dispose() {
        timer.stop();
        GanttChart chart = getSkinnable();
        chart.msPerPixelProperty().removeListener(repaint);
        chart.timeOffsetProperty().removeListener(repaint);
        chart.rowOffsetProperty().removeListener(repaint);
        chart.selectedJobProperty().removeListener(repaint);
        chart.modelProperty().removeListener(repaint);
        chart.widthProperty().removeListener(repaint);
        chart.heightProperty().removeListener(repaint);
        super.dispose();
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        canvas.setLayoutX(x);
        canvas.setLayoutY(y);
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            dirty = true;
        }
    }

    private double clampRows(double offset) {
        GanttChart c = getSkinnable();
        double total = c.getModel().lines().size() * c.rowHeightProperty().get();
        return Math.max(0, Math.min(offset, Math.max(0, total - (canvas.getHeight() - HEADER))));
    }

    private void onScroll(ScrollEvent e) {
        GanttChart c = getSkinnable();
        if (e.isControlDown() || e.isShortcutDown()) {
            double atTime = timeAtX(e.getX());
            c.zoom(e.getDeltaY() > 0 ? 1.25 : 0.8);
            double left = atTime - (e.getX() - c.labelWidth()) * c.msPerPixelProperty().get();
            c.timeOffsetProperty().set(Math.max(0, left));
        } else if (e.isShiftDown() || Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
            double d = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            c.timeOffsetProperty().set(Math.max(0, c.timeOffsetProperty().get() - d * c.msPerPixelProperty().get()));
        } else {
            c.rowOffsetProperty().set(clampRows(c.rowOffsetProperty().get() - e.getDeltaY()));
        }
        e.consume();
    }

    private double timeAtX(double x) {
        GanttChart c = getSkinnable();
        return c.timeOffsetProperty().get() + (x - c.labelWidth()) * c.msPerPixelProperty().get();
    }

    private GanttModel.Line lineAt(double y) {
        GanttChart c = getSkinnable();
        if (y < HEADER) return null;
        int index = (int) ((y - HEADER + c.rowOffsetProperty().get()) / c.rowHeightProperty().get());
        List<GanttModel.Line> lines = c.getModel().lines();
        return index >= 0 && index < lines.size() ? lines.get(index) : null;
    }

    private void onClick(MouseEvent e) {
        if (dragged) return;
        GanttModel.Line line = lineAt(e.getY());
        if (line == null) return;
        if (line.isHeader()) getSkinnable().getModel().toggleLane(line.lane());
        else getSkinnable().setSelectedJob(line.row().jobId());
    }

    private void onMove(MouseEvent e) {
        GanttModel.Line line = lineAt(e.getY());
        if (line == null || line.isHeader()) {
            tooltip.hide();
            hovered = null;
            return;
        }
        GanttRow r = line.row();
        GanttChart c = getSkinnable();
        long t = (long) (c.getModel().start() + timeAtX(e.getX()));
        Segment seg = null;
        for (Segment s : r.segments()) {
            long end = s.open() ? System.currentTimeMillis() : s.end();
            if (t >= s.start() - 2 * c.msPerPixelProperty().get() && t <= end + 2 * c.msPerPixelProperty().get()) seg = s;
        }
        String text = describe(r, seg);
        String key = r.jobId() + "/" + (seg == null ? "" : seg.start());
        if (!key.equals(hovered) || !tooltip.isShowing()) {
            hovered = key;
            tooltip.setText(text);
            tooltip.show(canvas, e.getScreenX() + 14, e.getScreenY() + 14);
        } else {
            tooltip.setAnchorX(e.getScreenX() + 14);
            tooltip.setAnchorY(e.getScreenY() + 14);
        }
    }

    static String describe(GanttRow r, Segment seg) {
        StringBuilder sb = new StringBuilder(r.jobId()).append("  ·  ").append(r.status().wire());
        if (r.attempt() > 0) sb.append("  ·  attempt ").append(r.attempt());
        if (r.exitCode() != null) sb.append("  ·  exit ").append(r.exitCode());
        if (seg != null) {
            long end = seg.open() ? System.currentTimeMillis() : seg.end();
            sb.append('\n').append(label(seg.status())).append(seg.attempt() > 0 && seg.status() != JobStatus.QUEUED ? " (attempt " + seg.attempt() + ")" : "")
                    .append(": ").append(CLOCK.format(Instant.ofEpochMilli(seg.start()))).append(" → ")
                    .append(seg.open() ? "now" : CLOCK.format(Instant.ofEpochMilli(end)))
                    .append("  (").append(duration(end - seg.start())).append(')');
        }
        return sb.toString();
    }

    private static String label(JobStatus s) {
        return switch (s) {
            case QUEUED -> "queued";
            case RETRYING -> "waiting to retry";
            case AWAITING_APPROVAL -> "awaiting approval";
            case RUNNING -> "running";
            default -> s.wire();
        };
    }

    static String duration(long ms) {
        if (ms < 1000) return ms + " ms";
        if (ms < 60_000) return String.format("%.1f s", ms / 1000.0);
        return String.format("%dm%02ds", ms / 60_000, (ms / 1000) % 60);
    }

    // --- painting ---

    private void paint() {
        long t0 = System.nanoTime();
        dirty = false;
        GanttChart c = getSkinnable();
        GanttModel m = c.getModel();
        drawnVersion = m.version();
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        boolean dark = c.getScene() != null && c.getScene().getRoot().getStyleClass().contains("dark");
        Palette p = dark ? Palette.DARK : Palette.LIGHT;
        g.setFill(p.background);
        g.fillRect(0, 0, w, h);
        double rowH = c.rowHeightProperty().get();
        double label = c.labelWidth();
        double mpp = c.msPerPixelProperty().get();
        double offset = c.timeOffsetProperty().get();
        long start = m.start();
        long now = System.currentTimeMillis();
        List<GanttModel.Line> lines = m.lines();
        int first = (int) Math.max(0, c.rowOffsetProperty().get() / rowH);
        int last = (int) Math.min(lines.size() - 1, (c.rowOffsetProperty().get() + h - HEADER) / rowH + 1);
        double visibleFrom = start + offset, visibleTo = visibleFrom + (w - label) * mpp;
        g.setFont(Font.font(12));
        g.setTextBaseline(VPos.CENTER);
        for (int i = first; i <= last; i++) {
            GanttModel.Line line = lines.get(i);
            double y = HEADER + i * rowH - c.rowOffsetProperty().get();
            if (line.isHeader()) {
                g.setFill(p.laneHeader);
                g.fillRect(0, y, w, rowH);
                g.setFill(p.text);
                g.setTextAlign(TextAlignment.LEFT);
                g.fillText((m.isCollapsed(line.lane()) ? "▸ " : "▾ ") + line.lane() + "  (" + line.jobsInLane() + ")", 6, y + rowH / 2);
                continue;
            }
            GanttRow r = line.row();
            boolean selected = r.jobId().equals(c.getSelectedJob());
            if (selected) {
                g.setFill(p.selection);
                g.fillRect(0, y, w, rowH);
            } else if (i % 2 == 1) {
                g.setFill(p.stripe);
                g.fillRect(0, y, w, rowH);
            }
            g.save();
            g.beginPath();
            g.rect(label, y, w - label, rowH);
            g.clip();
            for (Segment s : r.segments()) {
                long end = s.open() ? now : s.end();
                if (end < visibleFrom || s.start() > visibleTo) continue;
                double x0 = label + (s.start() - start - offset) / mpp;
                double x1 = label + (end - start - offset) / mpp;
                double bw = Math.max(2, x1 - x0);
                switch (s.status()) {
                    case QUEUED -> {
                        g.setFill(p.queued);
                        g.fillRect(x0, y + rowH * 0.4, bw, rowH * 0.2);
                    }
                    case AWAITING_APPROVAL -> {
                        // an outlined bar: time spent waiting for a person, not running
                        g.setStroke(p.colour(s.status()));
                        g.setLineWidth(2);
                        g.strokeRoundRect(x0 + 1, y + 4, Math.max(2, bw - 2), rowH - 8, 4, 4);
                        g.setLineWidth(1);
                    }
                    case RETRYING -> {
                        g.setStroke(p.retrying);
                        g.setLineDashes(3, 3);
                        g.strokeLine(x0, y + rowH / 2, x0 + bw, y + rowH / 2);
                        g.setLineDashes((double[]) null);
                    }
                    default -> {
                        g.setFill(p.colour(s.status()));
                        g.fillRoundRect(x0, y + 3, bw, rowH - 6, 4, 4);
                    }
                }
            }
            if (r.segments().isEmpty() || r.status().isTerminal()) {
                // ended without a bar (skipped, blocked) or ended: a marker where its state was set
                double x = label + (r.statusSince() - start - offset) / mpp;
                if (r.segments().isEmpty() && r.status() != JobStatus.PENDING && r.status() != JobStatus.WAITING) {
                    g.setFill(p.colour(r.status()));
                    g.fillOval(x - 4, y + rowH / 2 - 4, 8, 8);
                }
            }
            g.restore();
            g.setFill(p.colour(r.status()));
            g.fillOval(6, y + rowH / 2 - 4, 8, 8);
            g.setFill(p.text);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(clip(r.jobId(), 22), 20, y + rowH / 2);
        }
        paintAxis(g, p, w, h, label, mpp, offset, start);
        if (m.live()) {
            double x = label + (now - start - offset) / mpp;
            if (x >= label && x <= w) {
                g.setStroke(p.now);
                g.setLineWidth(1.5);
                g.strokeLine(x, HEADER, x, h);
                g.setLineWidth(1);
            }
        }
        g.setStroke(p.grid);
        g.strokeLine(label - 0.5, 0, label - 0.5, h);
        lastPaintNanos = System.nanoTime() - t0;
        if (lastPaintNanos > maxPaintNanos) maxPaintNanos = lastPaintNanos;
    }

    private void paintAxis(GraphicsContext g, Palette p, double w, double h, double label, double mpp, double offset, long start) {
        g.setFill(p.axis);
        g.fillRect(0, 0, w, HEADER);
        double[] steps = {100, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000, 7_200_000};
        double step = steps[steps.length - 1];
        for (double s : steps) {
            if (s / mpp >= 80) {
                step = s;
                break;
            }
        }
        double t = Math.floor(offset / step) * step;
        g.setTextAlign(TextAlignment.LEFT);
        for (; label + (t - offset) / mpp < w; t += step) {
            double x = label + (t - offset) / mpp;
            if (x < label) continue;
            g.setStroke(p.grid);
            g.strokeLine(x + 0.5, HEADER, x + 0.5, h);
            g.setFill(p.text);
            g.fillText("+" + duration((long) t), x + 3, HEADER / 2);
        }
        g.setFill(p.text);
        g.fillText(CLOCK.format(Instant.ofEpochMilli(start)), 6, HEADER / 2);
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** Colours by state; shown in the legend too ({@link #colourOf}). */
    record Palette(Color background, Color stripe, Color selection, Color laneHeader, Color text, Color axis, Color grid,
                   Color queued, Color retrying, Color now) {
        static final Palette LIGHT = new Palette(Color.web("#ffffff"), Color.web("#f6f8fa"), Color.web("#dbeafe"), Color.web("#eef1f5"),
                Color.web("#1f2328"), Color.web("#f0f2f5"), Color.web("#d8dee4"), Color.web("#9aa5b1"), Color.web("#d97706"), Color.web("#334155"));
        static final Palette DARK = new Palette(Color.web("#0d1117"), Color.web("#131922"), Color.web("#1d3557"), Color.web("#1b222c"),
                Color.web("#e6edf3"), Color.web("#161b22"), Color.web("#30363d"), Color.web("#6e7681"), Color.web("#f59e0b"), Color.web("#cbd5e1"));

        Color colour(JobStatus s) {
            return colourOf(s);
        }
    }

    public static Color colourOf(JobStatus s) {
        return switch (s) {
            case PENDING, WAITING -> Color.web("#afb8c1");
            case QUEUED -> Color.web("#9aa5b1");
            case AWAITING_APPROVAL -> Color.web("#db2777");
            case RUNNING -> Color.web("#3b82f6");
            case RETRYING -> Color.web("#d97706");
            case SUCCEEDED -> Color.web("#16a34a");
            case FAILED -> Color.web("#dc2626");
            case TIMED_OUT -> Color.web("#b91c1c");
            case CANCELLED -> Color.web("#6b7280");
            case SKIPPED -> Color.web("#c4b5fd");
            case BLOCKED -> Color.web("#f59e0b");
        };
    }
}
