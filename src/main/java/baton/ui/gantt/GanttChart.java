package baton.ui.gantt;

import baton.ui.gantt.impl.GanttChartSkin;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;

import java.util.ArrayList;
import java.util.List;

/**
 * A live Gantt timeline of a run's jobs: one row per job grouped by lane, time left to right,
 * one bar per span (queued, each attempt, retry waits) coloured by state, a "now" line while
 * the run is live. Zoom with Ctrl+wheel or {@link #zoom}, pan by dragging or scrolling, hover
 * for details, click to select (a right-click selects the row under the pointer, then shows the
 * control's context menu). The skin paints only what is visible on one canvas, in the colours
 * of its {@link GanttPalette} (set by the stylesheet).
 */
public class GanttChart extends Control {
    public static final String DEFAULT_STYLE_CLASS = "gantt-chart";

    private final ObjectProperty<GanttModel> model = new SimpleObjectProperty<>(this, "model", new GanttModel());
    private final StringProperty selectedJob = new SimpleStringProperty(this, "selectedJob");
    /** Milliseconds of run time per pixel; smaller is zoomed in. */
    private final DoubleProperty msPerPixel = new SimpleDoubleProperty(this, "msPerPixel", 20);
    /** Milliseconds from the run's start at the left edge. */
    private final DoubleProperty timeOffset = new SimpleDoubleProperty(this, "timeOffset", 0);
    /** Pixels scrolled down. */
    private final DoubleProperty rowOffset = new SimpleDoubleProperty(this, "rowOffset", 0);
    private final DoubleProperty rowHeight = new SimpleDoubleProperty(this, "rowHeight", 22);

    private final GanttPalette palette = new GanttPalette(this);

    public GanttChart() {
        getStyleClass().add(DEFAULT_STYLE_CLASS);
        setFocusTraversable(true);
    }

    /** The colours the stylesheet gives the chart. */
    public GanttPalette palette() {
        return palette;
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS_META;
    }

    private static final List<CssMetaData<? extends Styleable, ?>> CSS_META;

    static {
        List<CssMetaData<? extends Styleable, ?>> all = new ArrayList<>(Control.getClassCssMetaData());
        all.addAll(GanttPalette.cssMetaData());
        CSS_META = List.copyOf(all);
    }

    @Override
    protected List<CssMetaData<? extends Styleable, ?>> getControlCssMetaData() {
        return CSS_META;
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new GanttChartSkin(this);
    }

    public void zoom(double factor) {
        msPerPixel.set(Math.max(0.05, Math.min(3_600_000, msPerPixel.get() / factor)));
    }

    /** Zooms so the whole run fits the width. */
    public void fit() {
        GanttModel m = getModel();
        double span = Math.max(1000, m.end(System.currentTimeMillis()) - m.start());
        double width = Math.max(100, getWidth() - labelWidth() - 20);
        msPerPixel.set(span / width);
        timeOffset.set(0);
    }

    public double labelWidth() {
        return 180;
    }

    public ObjectProperty<GanttModel> modelProperty() { return model; }
    public GanttModel getModel() { return model.get(); }
    public void setModel(GanttModel m) { model.set(m); }
    public StringProperty selectedJobProperty() { return selectedJob; }
    public String getSelectedJob() { return selectedJob.get(); }
    public void setSelectedJob(String id) { selectedJob.set(id); }
    public DoubleProperty msPerPixelProperty() { return msPerPixel; }
    public DoubleProperty timeOffsetProperty() { return timeOffset; }
    public DoubleProperty rowOffsetProperty() { return rowOffset; }
    public DoubleProperty rowHeightProperty() { return rowHeight; }
}
