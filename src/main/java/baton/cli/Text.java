package baton.cli;

import baton.model.DurationText;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

final class Text {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Text() {}

    static String localTime(Instant i) {
        return i == null ? "-" : LOCAL.format(i);
    }

    static String duration(Instant from, Instant to) {
        return from == null || to == null ? "-" : DurationText.between(from, to);
    }

    static String cut(String s, int n) {
        if (s == null) return "-";
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
