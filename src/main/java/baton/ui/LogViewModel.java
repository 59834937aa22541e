package baton.ui;

import baton.engine.LogReader;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The log of one attempt, paged from its file: the last {@link #WINDOW} bytes first, more on
 * request, new lines as they are written. Reading happens on the background executor; the
 * list changes on the FX executor. A 1 GB log costs a window, not a gigabyte.
 */
public final class LogViewModel {
    public static final long WINDOW = 1 << 20;
    static final int MAX_LINES = 200_000;

    private final Executor background;
    private final Executor fx;
    private final ObservableList<LogLine> lines = FXCollections.observableArrayList();
    private final BooleanProperty hasEarlier = new SimpleBooleanProperty(false);
    private final StringProperty info = new SimpleStringProperty("");
    private Path file;
    private long firstOffset;   // where the loaded window starts
    private long nextOffset;    // where the next read goes on
    private boolean reading;
    private int generation;

    public LogViewModel(Executor background, Executor fx) {
        this.background = background;
        this.fx = fx;
    }

    public ObservableList<LogLine> lines() { return lines; }
    public BooleanProperty hasEarlierProperty() { return hasEarlier; }
    public StringProperty infoProperty() { return info; }

    /** Shows {@code path} (null: nothing), starting with its last window. */
    public void show(Path path) {
        int gen = ++generation;
        file = path;
        lines.clear();
        hasEarlier.set(false);
        reading = false;
        if (path == null) {
            info.set("");
            return;
        }
        background.execute(() -> {
            long size = size(path);
            long from = Math.max(0, size - WINDOW);
            List<LogLine> got = new ArrayList<>();
            long end = read(path, from, from > 0, got);
            fx.execute(() -> {
                if (gen != generation) return;
                firstOffset = from;
                nextOffset = end;
                hasEarlier.set(from > 0);
                lines.setAll(got);
                info.set(size == 0 && got.isEmpty() ? "no output" : size(size));
            });
        });
    }

    /** Reads what was appended since the last read (call it while the job runs). */
    public void refresh() {
        Path path = file;
        if (path == null || reading) return;
        reading = true;
        int gen = generation;
        long from = nextOffset;
        background.execute(() -> {
            List<LogLine> got = new ArrayList<>();
            long end = read(path, from, false, got);
            long size = size(path);
            fx.execute(() -> {
                reading = false;
                if (gen != generation) return;
                nextOffset = end;
                if (!got.isEmpty()) {
                    lines.addAll(got);
                    if (lines.size() > MAX_LINES) {
                        lines.remove(0, lines.size() - MAX_LINES);
                        hasEarlier.set(true);
                    }
                }
                if (size > 0) info.set(size(size));
            });
        });
    }

    /** Loads the window before the first loaded line. */
    public void loadEarlier() {
        Path path = file;
        if (path == null || firstOffset == 0) return;
        int gen = generation;
        long to = firstOffset;
        long from = Math.max(0, to - WINDOW);
        background.execute(() -> {
            List<LogLine> got = new ArrayList<>();
            readRange(path, from, to, from > 0, got);
            fx.execute(() -> {
                if (gen != generation) return;
                firstOffset = from;
                hasEarlier.set(from > 0);
                lines.addAll(0, got);
            });
        });
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1 << 20) return String.format("%.1f KB", bytes / 1024.0);
        if (bytes < 1 << 30) return String.format("%.1f MB", bytes / 1048576.0);
        return String.format("%.2f GB", bytes / 1073741824.0);
    }

    /** Reads complete lines from {@code from}; when it starts mid-line, that partial line is skipped. */
    private static long read(Path path, long from, boolean skipPartial, List<LogLine> out) {
        if (!Files.exists(path)) return from;
        try {
            boolean[] skip = {skipPartial};
            return LogReader.read(path, from, line -> {
                if (skip[0]) {
                    skip[0] = false;
                    return;
                }
                out.add(toLine(line));
            });
        } catch (IOException e) {
            return from;
        }
    }

    private static void readRange(Path path, long from, long to, boolean skipPartial, List<LogLine> out) {
        try {
            boolean[] skip = {skipPartial};
            LogReader.read(path, from, to, line -> {
                if (skip[0]) {
                    skip[0] = false;
                    return;
                }
                if (line.endOffset() <= to) out.add(toLine(line));
            });
        } catch (IOException e) {
            // the file went away: nothing earlier to show
        }
    }

    private static LogLine toLine(LogReader.Line line) {
        char tag = switch (line.stream()) {
            case STDOUT -> 'o';
            case STDERR -> 'e';
            case BATON -> 'b';
        };
        return new LogLine(tag, new String(line.bytes(), StandardCharsets.UTF_8));
    }

}
