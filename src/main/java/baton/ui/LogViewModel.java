package baton.ui;

import baton.engine.logs.LogReader;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The log of one attempt, paged from its file: the last {@link #WINDOW} bytes first, more on
 * request, new lines as they are written. Reading happens on the background executor; the
 * list changes on the FX executor. A 1 GB log costs a window, not a gigabyte.
 */
public final class LogViewModel {
    private static final System.Logger LOG = System.getLogger("baton.ui");
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
            long from = windowStart(path, size);
            List<LogLine> got = new ArrayList<>();
            long end = read(path, from, got);
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
            long end = read(path, from, got);
            long size = size(path);
            fx.execute(() -> {
                reading = false;
                if (gen != generation) return;
                nextOffset = end;
                if (!got.isEmpty()) {
                    Instant now = Instant.now();
                    lines.addAll(got.stream().map(l -> l.arrivedAt(now)).toList());
                    if (lines.size() > MAX_LINES) {
                        lines.remove(0, lines.size() - MAX_LINES);
                        hasEarlier.set(true);
                    }
                }
                if (size > 0) info.set(size(size));
            });
        });
    }

    /**
     * Writes the whole log of the attempt shown to {@code target} as plain text (every stream, in
     * the order written), off the FX thread; the future completes with the bytes written.
     */
    public CompletableFuture<Long> saveAs(Path target) {
        Path path = file;
        if (path == null) return CompletableFuture.failedFuture(new IOException("no log is shown"));
        return CompletableFuture.supplyAsync(() -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target))) {
                long[] written = {0};
                LogReader.read(path, 0, line -> {
                    out.write(line.bytes());
                    out.write('\n');
                    written[0] += line.bytes().length + 1;
                });
                return written[0];
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
            }
        }, background);
    }

    /** Loads the window before the first loaded line. */
    public void loadEarlier() {
        Path path = file;
        if (path == null || firstOffset == 0) return;
        int gen = generation;
        long to = firstOffset;
        background.execute(() -> {
            long start = windowStart(path, to);
            List<LogLine> got = new ArrayList<>();
            readRange(path, start, to, got);
            fx.execute(() -> {
                if (gen != generation) return;
                firstOffset = start;
                hasEarlier.set(start > 0);
                lines.addAll(0, got);
            });
        });
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot read the size of " + p + ": " + e.getMessage());
            return 0;
        }
    }

    private static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1 << 20) return String.format("%.1f KB", bytes / 1024.0);
        if (bytes < 1 << 30) return String.format("%.1f MB", bytes / 1048576.0);
        return String.format("%.2f GB", bytes / 1073741824.0);
    }

    /**
     * Where the window that ends at {@code to} starts: at the first line that starts in the
     * {@link #WINDOW} bytes before it, or further back when one long line covers all of them.
     */
    private static long windowStart(Path path, long to) {
        for (long back = WINDOW; ; back *= 2) {
            long start = Math.max(0, to - back);
            long from = lineStart(path, start);
            if (from < to || start == 0) return Math.min(from, to);
        }
    }

    /** Where the first whole line at or after {@code offset} starts. */
    private static long lineStart(Path path, long offset) {
        try {
            return Files.exists(path) ? LogReader.lineStartAtOrAfter(path, offset) : 0;
        } catch (IOException e) {
            // the file went away: nothing is read from there anyway
            LOG.log(System.Logger.Level.DEBUG, "cannot read " + path + ": " + e.getMessage());
            return offset;
        }
    }

    /** Reads complete lines from {@code from}, the start of a line. */
    private static long read(Path path, long from, List<LogLine> out) {
        if (!Files.exists(path)) return from;
        try {
            return LogReader.read(path, from, line -> out.add(toLine(line)));
        } catch (IOException e) {
            // the file went away meanwhile: the lines read are shown, the next refresh tries again
            LOG.log(System.Logger.Level.DEBUG, "cannot read " + path + ": " + e.getMessage());
            return from;
        }
    }

    private static void readRange(Path path, long from, long to, List<LogLine> out) {
        try {
            LogReader.read(path, from, to, line -> {
                if (line.endOffset() <= to) out.add(toLine(line));
            });
        } catch (IOException e) {
            // the file went away: nothing earlier to show
            LOG.log(System.Logger.Level.DEBUG, "cannot read " + path + ": " + e.getMessage());
        }
    }

    /** A list cell cannot lay out megabytes: a long line shows its start and says how much more there is. */
    static final int MAX_SHOWN_BYTES = 16 * 1024;

    private static LogLine toLine(LogReader.Line line) {
        char tag = switch (line.stream()) {
            case STDOUT -> 'o';
            case STDERR -> 'e';
            case BATON -> 'b';
        };
        byte[] b = line.bytes();
        if (b.length <= MAX_SHOWN_BYTES) return new LogLine(tag, new String(b, StandardCharsets.UTF_8));
        String start = new String(b, 0, MAX_SHOWN_BYTES, StandardCharsets.UTF_8);
        return new LogLine(tag, start + " … (" + (b.length - MAX_SHOWN_BYTES) + " more bytes in this line; 'baton logs' prints it whole)");
    }
}
