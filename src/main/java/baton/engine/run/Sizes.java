package baton.engine.run;

import java.util.Locale;

/** Sizes given in the environment: bytes, or with a K, M or G suffix. */
final class Sizes {
    private Sizes() {}

    /** {@code text} as bytes; {@code fallback} when it is missing, not a size, or not positive. */
    static long parse(String text, long fallback) {
        if (text == null || text.isBlank()) return fallback;
        try {
            String s = text.strip().toUpperCase(Locale.ROOT);
            long unit = s.endsWith("G") ? 1L << 30 : s.endsWith("M") ? 1L << 20 : s.endsWith("K") ? 1L << 10 : 1;
            long n = Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1));
            return n >= 0 ? n * unit : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
