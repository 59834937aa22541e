package baton.ui.gantt;

import baton.model.JobStatus;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ObservableValue;
import javafx.css.CssMetaData;
import javafx.css.SimpleStyleableObjectProperty;
import javafx.css.StyleConverter;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.scene.paint.Color;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The chart's colours, set by the stylesheet on {@code .gantt-chart}: {@code -gantt-state-<state>}
 * for each job state and {@code -gantt-<part>} for the rest. A theme is a stylesheet that sets
 * them again; the chart repaints when they change, and a legend can bind to {@link #colour}.
 * Without a stylesheet that sets them the chart is grey.
 */
public final class GanttPalette {
    /** What is painted in a colour of its own, besides the states. */
    public enum Part {
        BACKGROUND, STRIPE, SELECTION, LANE_HEADER, TEXT, MUTED_TEXT, AXIS, GRID, QUEUED_BAR, RETRY_WAIT, NOW_LINE,
        /** A failure of a phase with {@code fatal: false} (hatched, in a hue of its own). */
        FAILED_NON_FATAL,
        /** The marks drawn on bars (the cross of a failure, the clock of a time-out). */
        MARK;

        public String cssName() {
            return "-gantt-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        private Color fallback() {
            return switch (this) {
                case BACKGROUND -> Color.WHITE;
                case TEXT -> Color.BLACK;
                case STRIPE, LANE_HEADER, AXIS -> Color.WHITESMOKE;
                default -> Color.GRAY;
            };
        }
    }

    /** The name a state's colour has in the stylesheet, e.g. {@code -gantt-state-timed-out}. */
    public static String cssName(JobStatus s) {
        return "-gantt-state-" + s.wire().replace('_', '-');
    }

    private static final Map<Part, ColourMeta> PART_META = new EnumMap<>(Part.class);
    private static final Map<JobStatus, ColourMeta> STATE_META = new EnumMap<>(JobStatus.class);
    private static final List<CssMetaData<? extends Styleable, ?>> CSS_META;

    static {
        List<CssMetaData<? extends Styleable, ?>> all = new ArrayList<>();
        for (Part p : Part.values()) PART_META.put(p, new ColourMeta(p.cssName(), p.fallback(), pal -> pal.parts.get(p)));
        for (JobStatus s : JobStatus.values()) STATE_META.put(s, new ColourMeta(cssName(s), Color.GRAY, pal -> pal.states.get(s)));
        all.addAll(PART_META.values());
        all.addAll(STATE_META.values());
        CSS_META = List.copyOf(all);
    }

    private final Map<Part, StyleableObjectProperty<Color>> parts = new EnumMap<>(Part.class);
    private final Map<JobStatus, StyleableObjectProperty<Color>> states = new EnumMap<>(JobStatus.class);

    GanttPalette(GanttChart chart) {
        PART_META.forEach((p, meta) -> parts.put(p, new SimpleStyleableObjectProperty<>(meta, chart, meta.getProperty(), meta.getInitialValue(chart))));
        STATE_META.forEach((s, meta) -> states.put(s, new SimpleStyleableObjectProperty<>(meta, chart, meta.getProperty(), meta.getInitialValue(chart))));
    }

    public Color of(Part p) {
        return parts.get(p).get();
    }

    public Color of(JobStatus s) {
        return states.get(s).get();
    }

    /** A state's colour as it changes with the theme. */
    public ObservableValue<Color> colour(JobStatus s) {
        return states.get(s);
    }

    /** Hears of every change of colour (a theme switch changes many at once). */
    public void addListener(InvalidationListener l) {
        parts.values().forEach(p -> p.addListener(l));
        states.values().forEach(p -> p.addListener(l));
    }

    public void removeListener(InvalidationListener l) {
        parts.values().forEach(p -> p.removeListener(l));
        states.values().forEach(p -> p.removeListener(l));
    }

    static List<CssMetaData<? extends Styleable, ?>> cssMetaData() {
        return CSS_META;
    }

    /** One colour property of the chart, found through its palette. */
    private static final class ColourMeta extends CssMetaData<GanttChart, Color> {
        private final Function<GanttPalette, StyleableObjectProperty<Color>> property;

        ColourMeta(String name, Color fallback, Function<GanttPalette, StyleableObjectProperty<Color>> property) {
            super(name, StyleConverter.getColorConverter(), fallback, false);
            this.property = property;
        }

        @Override
        public boolean isSettable(GanttChart chart) {
            return !property.apply(chart.palette()).isBound();
        }

        @Override
        public StyleableProperty<Color> getStyleableProperty(GanttChart chart) {
            return property.apply(chart.palette());
        }
    }
}
