package baton.ui.gantt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The chart's time axis: milliseconds from the run's start, with long idle stretches (no job
 * queued, running or waiting to retry: the pause between a run that ended and its retry, hours
 * later perhaps) cut down to a short break, so the bars before and after keep their width instead
 * of shrinking to slivers. Made from a model's spans; a new one is made when the model changes.
 */
public final class GanttTime {
    /** A stretch cut out: from {@code from} to {@code to} (epoch ms), drawn {@link #width} wide at {@code at} (ms on the axis). */
    public record Break(long from, long to, double at, double width) {
        public long idle() {
            return to - from;
        }
    }

    /** Idle stretches shorter than this are drawn as they were. */
    static final long MIN_IDLE_MS = 2_000;

    private final long start;
    private final List<Break> breaks;

    private GanttTime(long start, List<Break> breaks) {
        this.start = start;
        this.breaks = List.copyOf(breaks);
    }

    /** The axis of {@code rows}, a run that began at {@code start}. */
    static GanttTime of(long start, Iterable<GanttRow> rows) {
        List<long[]> spans = new ArrayList<>();
        for (GanttRow r : rows) for (Segment s : r.segments()) spans.add(new long[]{s.start(), s.end()});
        spans.sort(Comparator.comparingLong(a -> a[0]));
        List<long[]> idle = new ArrayList<>();
        long busyUntil = Long.MIN_VALUE, busy = 0, busyFrom = Long.MIN_VALUE;
        for (long[] s : spans) {
            if (busyUntil != Long.MIN_VALUE && s[0] > busyUntil) {
                idle.add(new long[]{busyUntil, s[0]});
                busy += busyUntil - busyFrom;
                busyFrom = s[0];
            }
            if (busyFrom == Long.MIN_VALUE) busyFrom = s[0];
            busyUntil = Math.max(busyUntil, s[1]);
        }
        if (busyUntil != Long.MIN_VALUE && busyUntil != Long.MAX_VALUE) busy += busyUntil - busyFrom;
        // a break is as wide as a twentieth of the time something happened, at least a fifth of a second
        double width = Math.max(200, busy / 20.0);
        List<Break> breaks = new ArrayList<>();
        double cut = 0;
        for (long[] g : idle) {
            long len = g[1] - g[0];
            if (len < MIN_IDLE_MS || len < 2 * width) continue;
            breaks.add(new Break(g[0], g[1], g[0] - start - cut, width));
            cut += len - width;
        }
        return new GanttTime(start, breaks);
    }

    /** No break: the axis is real time. */
    static GanttTime plain(long start) {
        return new GanttTime(start, List.of());
    }

    public List<Break> breaks() {
        return breaks;
    }

    /** Where epoch millisecond {@code t} is on the axis (ms from the run's start, less the idle time cut before it). */
    public double at(long t) {
        double cut = 0;
        for (Break b : breaks) {
            if (t <= b.from()) break;
            if (t < b.to()) return b.at() + b.width() * (t - b.from()) / (double) b.idle();
            cut += b.idle() - b.width();
        }
        return t - start - cut;
    }

    /** The epoch millisecond at {@code axis} ms on the axis. */
    public long real(double axis) {
        double cut = 0;
        for (Break b : breaks) {
            if (axis <= b.at()) break;
            if (axis < b.at() + b.width()) return (long) (b.from() + (axis - b.at()) / b.width() * b.idle());
            cut += b.idle() - b.width();
        }
        return (long) (start + axis + cut);
    }
}
