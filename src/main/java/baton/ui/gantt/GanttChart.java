package baton.ui.gantt;

import baton.ui.gantt.impl.GanttChartSkin;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A live Gantt timeline of a run's jobs: one row per job grouped by lane, time left to right,
 * one bar per span (queued, each attempt, retry waits) coloured by state, a "now" line while
 * the run is live. Zoom with Ctrl+wheel or {@link #zoom}, pan by dragging, scrolling or the
 * scroll bars, hover for details, click to select (a right-click selects the row under the
 * pointer, then shows the control's context menu). The skin paints only what is visible on one
 * canvas, in the colours of its {@link GanttPalette} (set by the stylesheet).
 *
 * <p>While {@link #followingProperty following}, the view goes with the run as it grows: the
 * whole run fitted ({@link #fit}), or "now" near the right edge at the zoom chosen
 * ({@link #follow}); rows scroll to keep a running job in view. Zooming or panning by hand stops
 * it. Each model shown (each run) keeps its own zoom, scroll and following under its
 * {@link GanttModel#key key}.
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
    /** The width of the labels' column on the left; the person drags its edge. */
    private final DoubleProperty labelWidth = new SimpleDoubleProperty(this, "labelWidth", 260);
    private final BooleanProperty following = new SimpleBooleanProperty(this, "following", true);
    /** Lights the chain of jobs that made the run as long as it was, and dims the rest. */
    private final BooleanProperty criticalPath = new SimpleBooleanProperty(this, "criticalPath", false);
    /** The attempt of the selected job whose bar was clicked; 0 when the row was clicked elsewhere (its latest). */
    private final IntegerProperty selectedAttempt = new SimpleIntegerProperty(this, "selectedAttempt", 0);
    /** While following: the whole run fitted (true) or "now" at the zoom chosen (false). */
    private boolean fitWhole = true;
    /** While following: whether the rows scroll to a running job (not after the person scrolled them). */
    private boolean followRows = true;
    /** Each model's view, kept while another is shown: runs opened again come back as they were left. */
    private final Map<String, View> views = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, View> eldest) {
            return size() > KEPT_VIEWS;
        }
    };

    private record View(double msPerPixel, double timeOffset, double rowOffset, boolean following, boolean fitWhole) {}

    private static final int KEPT_VIEWS = 200;
    /** The width kept right of the bars for the vertical scroll bar and a margin. */
    public static final double RIGHT_MARGIN = 24;
    /** How far from the right edge "now" is kept when following at a chosen zoom. */
    private static final double NOW_AT = 0.9;

    private final GanttPalette palette = new GanttPalette(this);

    public GanttChart() {
        getStyleClass().add(DEFAULT_STYLE_CLASS);
        setFocusTraversable(true);
        model.addListener((o, was, now) -> {
            if (was != null) views.put(was.key(), new View(msPerPixel.get(), timeOffset.get(), rowOffset.get(), following.get(), fitWhole));
            View v = now == null ? null : views.get(now.key());
            if (v == null) v = new View(msPerPixel.get(), 0, 0, true, true);
            msPerPixel.set(v.msPerPixel());
            timeOffset.set(v.timeOffset());
            rowOffset.set(v.rowOffset());
            fitWhole = v.fitWhole();
            followRows = true;
            following.set(v.following());
        });
        selectedJob.addListener((o, was, now) -> selectedAttempt.set(0));
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

    /** Zooms by hand (the view stops following). */
    public void zoom(double factor) {
        following.set(false);
        msPerPixel.set(Math.max(0.05, Math.min(3_600_000, msPerPixel.get() / factor)));
    }

    /** Zooms so the whole run fits the width, and keeps it so as the run grows. */
    public void fit() {
        following.set(true);
        fitWhole = true;
        followRows = true;
        keepUp(System.currentTimeMillis());
    }

    /**
     * Follows the run again (the End key, the Follow button): the whole run fitted if it fits at the
     * zoom chosen, else "now" near the right edge at that zoom.
     */
    public void follow() {
        fitWhole = span(System.currentTimeMillis()) <= barsWidth() * msPerPixel.get();
        followRows = true;
        following.set(true);
        keepUp(System.currentTimeMillis());
    }

    /**
     * Selects the first job after the selected one (round to the top) that {@code which} accepts,
     * and scrolls its row into view; false when there is none.
     */
    public boolean selectNext(Predicate<GanttRow> which) {
        List<GanttModel.Line> lines = getModel().lines();
        int from = -1;
        for (int i = 0; i < lines.size(); i++) if (!lines.get(i).isHeader() && lines.get(i).row().jobId().equals(getSelectedJob())) from = i;
        for (int k = 1; k <= lines.size(); k++) {
            int i = (from + k) % lines.size();
            GanttModel.Line l = lines.get(i);
            if (l.isHeader() || !which.test(l.row())) continue;
            setSelectedJob(l.row().jobId());
            scrollToLine(i);
            return true;
        }
        return false;
    }

    /** Scrolls line {@code i} into view if it is not (the rows then stop following the running jobs). */
    private void scrollToLine(int i) {
        double rowH = rowHeight.get();
        double shown = Math.max(rowH, getHeight() - 24 - 20);
        double top = i * rowH;
        if (top >= rowOffset.get() && top + rowH <= rowOffset.get() + shown) return;
        followRows = false;
        rowOffset.set(Math.max(0, top - shown / 3));
    }

    /** Stops following: the person moved the view by hand. */
    public void stopFollowing() {
        following.set(false);
    }

    /** The person scrolled the rows: time goes on following, the rows stay where they were put. */
    public void stopFollowingRows() {
        followRows = false;
    }

    /** Whether the rows scroll to a running job: while following, until the person scrolls them. */
    public boolean isFollowingRows() {
        return following.get() && followRows;
    }

    /** While following, moves the view to where the run is at {@code now}; the skin calls it every frame. */
    public void keepUp(long now) {
        if (!following.get()) return;
        double span = span(now);
        if (fitWhole) {
            msPerPixel.set(span / barsWidth());
            timeOffset.set(0);
        } else {
            timeOffset.set(Math.max(0, span - barsWidth() * NOW_AT * msPerPixel.get()));
        }
    }

    /** The run's length so far on the axis, in milliseconds, idle breaks cut short (at least a second, so an empty run has an axis). */
    public double span(long now) {
        GanttModel m = getModel();
        return Math.max(1000, m.time().at(m.end(now)));
    }

    /** The width the bars are drawn in. */
    public double barsWidth() {
        return Math.max(100, getWidth() - labelWidth() - RIGHT_MARGIN);
    }

    public double labelWidth() {
        return labelWidth.get();
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
    public DoubleProperty labelWidthProperty() { return labelWidth; }
    public BooleanProperty followingProperty() { return following; }
    public BooleanProperty criticalPathProperty() { return criticalPath; }
    public boolean isFollowing() { return following.get(); }
    public IntegerProperty selectedAttemptProperty() { return selectedAttempt; }
}
