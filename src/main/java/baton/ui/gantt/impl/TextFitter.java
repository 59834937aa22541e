package baton.ui.gantt.impl;

import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.util.HashMap;
import java.util.Map;

/**
 * Cuts text to a width with "…", measuring in the chart's font. Widths are remembered: the same
 * labels are painted every frame.
 */
final class TextFitter {
    private static final String ELLIPSIS = "…";
    private static final int REMEMBERED = 20_000;

    private final Text probe = new Text();
    private final Map<String, Double> widths = new HashMap<>();

    TextFitter(Font font) {
        probe.setFont(font);
    }

    double width(String s) {
        if (widths.size() > REMEMBERED) widths.clear();
        return widths.computeIfAbsent(s, k -> {
            probe.setText(k);
            return probe.getLayoutBounds().getWidth();
        });
    }

    /** {@code s} if it fits in {@code room} pixels, else its longest head that fits with "…" after it (empty when not even that). */
    String fit(String s, double room) {
        if (width(s) <= room) return s;
        if (width(ELLIPSIS) > room) return "";
        int lo = 0, hi = s.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (width(s.substring(0, mid) + ELLIPSIS) <= room) lo = mid;
            else hi = mid - 1;
        }
        return s.substring(0, lo) + ELLIPSIS;
    }
}
