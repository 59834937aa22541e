package baton.format;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in pipeline files: {@code 250ms}, {@code 90s}, {@code 5m}, {@code 2h}, {@code 1h30m}, {@code 1d}. */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private Durations() {}

    public static Optional<Duration> parse(String text) {
        if (text == null) return Optional.empty();
        String t = text.strip();
        if (!WHOLE.matcher(t).matches()) return Optional.empty();
        Matcher m = PART.matcher(t);
        double millis = 0;
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            millis += n * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
        }
        if (millis > 365.0 * 86_400_000) return Optional.empty();
        return Optional.of(Duration.ofMillis((long) millis));
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms < 60_000) return String.format("%.1fs", ms / 1000.0);
        long s = ms / 1000;
        if (s < 3600) return (s / 60) + "m" + (s % 60 > 0 ? (s % 60) + "s" : "");
        return (s / 3600) + "h" + ((s % 3600) / 60 > 0 ? ((s % 3600) / 60) + "m" : "");
    }
}
