package baton.ui;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Finding text in a log's lines: plain text ignores case, a regex is taken as written. */
final class LogSearch {
    private LogSearch() {}

    /** The pattern of a query, empty when there is nothing to look for; a broken regex throws {@link java.util.regex.PatternSyntaxException}. */
    static Optional<Pattern> compile(String query, boolean regex) {
        if (query == null || query.isEmpty()) return Optional.empty();
        return Optional.of(regex ? Pattern.compile(query) : Pattern.compile(Pattern.quote(query), Pattern.CASE_INSENSITIVE));
    }

    /** The next line after {@code from} going {@code direction} (1 or -1) that matches, round the end; -1 when none does. */
    static int next(List<LogLine> lines, int from, int direction, Pattern p) {
        int n = lines.size();
        for (int step = 1; step <= n; step++) {
            int i = Math.floorMod(from + direction * step, n);
            if (p.matcher(lines.get(i).text()).find()) return i;
        }
        return -1;
    }

    static long count(List<LogLine> lines, Pattern p) {
        return lines.stream().filter(l -> p.matcher(l.text()).find()).count();
    }
}
