package baton.ui.gantt.impl;

import baton.ui.gantt.GanttChart;
import javafx.geometry.Orientation;
import javafx.scene.control.ScrollBar;

import static baton.ui.gantt.impl.GanttGeometry.HEADER;

/**
 * The chart's two scroll bars: across, the run's time (what is shown of it, and where); down, the
 * rows. They show the chart's offsets after every paint; moving one by hand moves the view and
 * stops following. A bar is disabled when everything fits.
 */
final class GanttScrollBars {
    private final GanttChart chart;
    final ScrollBar across = new ScrollBar();
    final ScrollBar down = new ScrollBar();
    /** Set while the bars are told the chart's offsets: those changes are not the person's. */
    private boolean showing;

    GanttScrollBars(GanttChart chart) {
        this.chart = chart;
        across.setOrientation(Orientation.HORIZONTAL);
        down.setOrientation(Orientation.VERTICAL);
        across.setId("gantt-time-scroll");
        down.setId("gantt-row-scroll");
        across.valueProperty().addListener((o, was, now) -> {
            if (showing) return;
            chart.stopFollowing();
            chart.timeOffsetProperty().set(now.doubleValue());
        });
        down.valueProperty().addListener((o, was, now) -> {
            if (showing) return;
            chart.stopFollowingRows();
            chart.rowOffsetProperty().set(now.doubleValue());
        });
    }

    /** Tells the bars where the view is; {@code barsWidth} and {@code viewHeight} are the canvas's area for bars and rows. */
    void show(long now, double barsWidth, double viewHeight) {
        showing = true;
        try {
            double shownMs = barsWidth * chart.msPerPixelProperty().get();
            double offset = chart.timeOffsetProperty().get();
            double maxTime = Math.max(offset, chart.span(now) - shownMs);
            set(across, Math.max(0, maxTime), shownMs, offset);
            double rowsHeight = Math.max(0, viewHeight - HEADER);
            double total = chart.getModel().lines().size() * chart.rowHeightProperty().get();
            double rowOffset = chart.rowOffsetProperty().get();
            set(down, Math.max(rowOffset, total - rowsHeight), rowsHeight, rowOffset);
        } finally {
            showing = false;
        }
    }

    private static void set(ScrollBar bar, double max, double visible, double value) {
        bar.setMax(Math.max(0, max));
        // the thumb's share of the track is the share of the whole that is shown
        bar.setVisibleAmount(max <= 0 ? 1 : max * visible / (max + visible));
        bar.setValue(Math.min(value, bar.getMax()));
        bar.setUnitIncrement(visible / 20);
        bar.setBlockIncrement(visible * 0.9);
        bar.setDisable(max <= 0);
    }
}
