package baton.model;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Metric values (BATON_METRICS, {@code name=number}): how they add up and how they are written
 * for a person. Within one attempt the last value of a name wins (a job writes running totals);
 * across attempts and jobs values add (every attempt's tokens were spent).
 */
public final class Metrics {
    private Metrics() {}

    /** Each name summed over the maps; names in alphabetical order. */
    public static SortedMap<String, Double> sum(Iterable<? extends Map<String, Double>> maps) {
        SortedMap<String, Double> sums = new TreeMap<>();
        for (Map<String, Double> m : maps) m.forEach((k, v) -> sums.merge(k, v, Double::sum));
        return Collections.unmodifiableSortedMap(sums);
    }

    /** A value as a person reads it: {@code 1200} rather than {@code 1200.0}. */
    public static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** {@code name=value} pairs, two spaces apart, in the map's order. */
    public static String line(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        metrics.forEach((k, v) -> {
            if (!sb.isEmpty()) sb.append("  ");
            sb.append(k).append('=').append(format(v));
        });
        return sb.toString();
    }
}
