package baton.model;

import java.util.regex.Pattern;

/** A run's id, {@code r-YYYYMMDD-NNNN}. */
public record RunId(String value) {
    private static final Pattern SHAPE = Pattern.compile("r-\\d{8}-\\d{4,}");

    public RunId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a run id: " + value + " (run ids look like r-20261122-0001)");
        }
    }

    public static boolean looksLike(String s) {
        return s != null && SHAPE.matcher(s).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
