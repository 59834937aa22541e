package baton.ui.gantt.impl;

import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import javafx.animation.AnimationTimer;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.SkinBase;

import java.util.List;

/**
 * The chart's skin: one canvas, painted ({@link GanttPainter}) at most once per frame and only when
 * something changed (the model, the viewport, the palette, or "now" while live); the pointer's
 * work is {@link GanttBehavior}'s and the tooltip's {@link GanttTooltip}'s.
 */
public class GanttChartSkin extends SkinBase<GanttChart> {
    private final Canvas canvas = new Canvas();
    private final GanttPainter painter;
    private final GanttBehavior behavior;
    private final GanttFollower follower;
    private final GanttScrollBars bars;
    private final AnimationTimer timer;
    private final InvalidationListener repaint = o -> dirty = true;
    private final List<Observable> repaintOn;
    private boolean dirty = true;
    private int drawnVersion = -1;
    /** Time spent in the last paint, and the longest, for the benchmark. */
    public static volatile long lastPaintNanos, maxPaintNanos;

    public GanttChartSkin(GanttChart chart) {
        super(chart);
        bars = new GanttScrollBars(chart);
        follower = new GanttFollower(chart);
        getChildren().addAll(canvas, bars.across, bars.down);
        painter = new GanttPainter(chart, canvas);
        behavior = new GanttBehavior(chart, canvas, new GanttTooltip(chart, canvas));
        behavior.install();
        repaintOn = List.of(chart.msPerPixelProperty(), chart.timeOffsetProperty(), chart.rowOffsetProperty(), chart.selectedJobProperty(),
                chart.selectedAttemptProperty(), chart.modelProperty(), chart.widthProperty(), chart.heightProperty(), chart.labelWidthProperty(),
                chart.followingProperty(), chart.criticalPathProperty());
        repaintOn.forEach(o -> o.addListener(repaint));
        chart.palette().addListener(repaint);
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                GanttModel m = getSkinnable().getModel();
                follower.step(System.currentTimeMillis(), canvas.getHeight());
                if (dirty || m.version() != drawnVersion || m.live()) paint(m);
            }
        };
        timer.start();
    }

    @Override
    public void dispose() {
        timer.stop();
        behavior.uninstall();
        repaintOn.forEach(o -> o.removeListener(repaint));
        getSkinnable().palette().removeListener(repaint);
        super.dispose();
    }

    // the canvas is as big as it was last laid out: the chart's own size must not follow it, or it never shrinks
    @Override
    protected double computeMinWidth(double height, double top, double right, double bottom, double left) {
        return 120;
    }

    @Override
    protected double computeMinHeight(double width, double top, double right, double bottom, double left) {
        return 80;
    }

    @Override
    protected double computePrefWidth(double height, double top, double right, double bottom, double left) {
        return 600;
    }

    @Override
    protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
        return 300;
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        double barW = bars.down.prefWidth(-1), barH = bars.across.prefHeight(-1);
        double cw = Math.max(0, w - barW), ch = Math.max(0, h - barH);
        canvas.setLayoutX(x);
        canvas.setLayoutY(y);
        if (canvas.getWidth() != cw || canvas.getHeight() != ch) {
            canvas.setWidth(cw);
            canvas.setHeight(ch);
            dirty = true;
        }
        // across: under the bars only, so its ends line up with the time they show
        double label = getSkinnable().labelWidth();
        bars.across.resizeRelocate(x + label, y + ch, Math.max(0, cw - label), barH);
        bars.down.resizeRelocate(x + cw, y + GanttGeometry.HEADER, barW, Math.max(0, ch - GanttGeometry.HEADER));
    }

    private void paint(GanttModel m) {
        long t0 = System.nanoTime();
        dirty = false;
        drawnVersion = m.version();
        painter.paint();
        bars.show(System.currentTimeMillis(), getSkinnable().barsWidth(), canvas.getHeight());
        lastPaintNanos = System.nanoTime() - t0;
        if (lastPaintNanos > maxPaintNanos) maxPaintNanos = lastPaintNanos;
    }
}
