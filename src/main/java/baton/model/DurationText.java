package baton.model;

import java.time.Duration;
import java.time.Instant;

/**
 * A duration as people read it, the same in the window (job panel, timeline, history) and on the
 * command line: {@code 850ms}, {@code 1.5s}, {@code 2m05s}, {@code 1h02m}.
 */
public final class DurationText {
    private DurationText() {}

    public static String of(long millis) {
        if (millis < 1000) return millis + "ms";
        if (millis < 60_000) return String.format("%.1fs", millis / 1000.0);
        long s = millis / 1000;
        if (s < 3600) return String.format("%dm%02ds", s / 60, s % 60);
        return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    public static String between(Instant from, Instant to) {
        return of(Duration.between(from, to).toMillis());
    }
}
