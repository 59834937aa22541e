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
    private final AnimationTimer timer;
    private final InvalidationListener repaint = o -> dirty = true;
    private final List<Observable> repaintOn;
    private boolean dirty = true;
    private int drawnVersion = -1;
    /** Time spent in the last paint, and the longest, for the benchmark. */
    public static volatile long lastPaintNanos, maxPaintNanos;

    public GanttChartSkin(GanttChart chart) {
        super(chart);
        getChildren().add(canvas);
        painter = new GanttPainter(chart, canvas);
        behavior = new GanttBehavior(chart, canvas, new GanttTooltip(chart, canvas));
        behavior.install();
        repaintOn = List.of(chart.msPerPixelProperty(), chart.timeOffsetProperty(), chart.rowOffsetProperty(), chart.selectedJobProperty(),
                chart.modelProperty(), chart.widthProperty(), chart.heightProperty());
        repaintOn.forEach(o -> o.addListener(repaint));
        chart.palette().addListener(repaint);
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                GanttModel m = getSkinnable().getModel();
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

    private void paint(GanttModel m) {
        long t0 = System.nanoTime();
        dirty = false;
        drawnVersion = m.version();
        painter.paint();
        lastPaintNanos = System.nanoTime() - t0;
        if (lastPaintNanos > maxPaintNanos) maxPaintNanos = lastPaintNanos;
    }
}
