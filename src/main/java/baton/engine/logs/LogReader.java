package baton.engine.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a stored log as a stream of lines, from a byte offset, never all at once: a line the
 * writer stored in several records (see {@link LogStream}) comes back whole, up to
 * {@link #MAX_LINE} bytes; only the line being read is held in memory.
 */
public final class LogReader {
    /** The longest line handed out whole; a longer one comes out in pieces of this size. */
    public static final int MAX_LINE = 16 * 1024 * 1024;
    /** How far back {@link #lineStartAtOrAfter} looks for the start of the record it is in. */
    private static final int MAX_LOOK_BACK = 1 << 20;

    public record Line(LogStream stream, byte[] bytes, long endOffset) {}

    public interface LineSink {
        void accept(Line line) throws IOException;
    }

    private LogReader() {}

    /**
     * Reads complete lines from {@code offset} (the start of a line); returns the offset after the
     * last complete line (a line still being written is left for the next call, so a follower can
     * call again).
     */
    public static long read(Path file, long offset, LineSink sink) throws IOException {
        return read(file, offset, Long.MAX_VALUE, sink);
    }

    /** As {@link #read(Path, long, LineSink)}, stopping at the first line that ends after {@code limit}. */
    public static long read(Path file, long offset, long limit, LineSink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Joiner joiner = new Joiner(offset, sink);
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long pos = offset;
            while (!(joiner.lineStart >= limit && pos >= limit)) {
                buf.clear();
                int n = ch.read(buf, pos);
                if (n <= 0) break;
                byte[] a = buf.array();
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (a[i] != '\n') continue;
                    joiner.recordBytes(a, start, i - start);
                    joiner.recordEnd(pos + i + 1);
                    start = i + 1;
                    if (joiner.lineStart >= limit) {
                        return joiner.lineStart;
                    }
                }
                joiner.recordBytes(a, start, n - start);
                pos += n;
                joiner.checkOverlong(pos);
            }
            return joiner.lineStart;
        }
    }

    /**
     * The offset of the first line that starts at or after {@code offset}: where a reader that
     * begins part-way into a file starts, so it neither shows the tail of a line as a line of
     * its own nor loses one that starts exactly there. When that line is still being written,
     * the end of the last complete record.
     */
    public static long lineStartAtOrAfter(Path file, long offset) throws IOException {
        if (offset <= 0) return 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (offset >= size) return offset;
            // the record holding byte offset-1 starts after the last newline before that byte
            long recordStart = -1;
            long from = offset - 1;
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (from > 0 && offset - 1 - from < MAX_LOOK_BACK && recordStart < 0) {
                int len = (int) Math.min(buf.capacity(), from);
                buf.clear().limit(len);
                ch.read(buf, from - len);
                for (int i = len - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        recordStart = from - len + i + 1;
                        break;
                    }
                }
                from -= len;
            }
            if (recordStart < 0 && from == 0) recordStart = 0;
            // then on to the end of the line that record belongs to; with no record start found (a
            // record longer than the look-back: not one Baton wrote), to the end of that record
            long pos = recordStart < 0 ? offset - 1 : recordStart;
            boolean atRecordStart = recordStart >= 0;
            boolean continued = false;
            long lastBoundary = recordStart < 0 ? offset : recordStart;
            while (pos < size) {
                buf.clear();
                int n = ch.read(buf, pos);
                if (n <= 0) break;
                for (int i = 0; i < n; i++) {
                    byte b = buf.get(i);
                    if (atRecordStart) {
                        continued = LogStream.isContinued(b);
                        atRecordStart = false;
                    }
                    if (b == '\n') {
                        lastBoundary = pos + i + 1;
                        if (!continued) return lastBoundary;
                        atRecordStart = true;
                    }
                }
                pos += n;
            }
            return lastBoundary;
        }
    }

    /** Turns records into lines: joins a continued record with the ones after it. */
    private static final class Joiner {
        private final LineSink sink;
        private final Bytes record = new Bytes();
        private final Bytes line = new Bytes();
        private LogStream lineStream;
        private long lineEnd;
        /** After the last line handed out: where the next call starts. */
        long lineStart;
        /** Set when an over-long record was cut: the rest of it has no tag and goes on in this stream. */
        private LogStream untaggedRest;

        Joiner(long offset, LineSink sink) {
            this.lineStart = offset;
            this.sink = sink;
        }

        void recordBytes(byte[] a, int off, int len) {
            record.append(a, off, len);
        }

        /** A record ended just before {@code end} (its newline included). */
        void recordEnd(long end) throws IOException {
            LogStream stream;
            boolean continued;
            int textStart;
            byte[] raw = record.a;
            int rawLen = record.n;
            if (untaggedRest != null) {
                stream = untaggedRest;
                continued = false;
                textStart = 0;
                untaggedRest = null;
            } else if (rawLen >= 2 && raw[1] == ' ' && LogStream.ofTag(raw[0]) != null) {
                stream = LogStream.ofTag(raw[0]);
                continued = LogStream.isContinued(raw[0]);
                textStart = 2;
            } else {
                stream = LogStream.STDOUT; // not a record Baton wrote: shown as it is
                continued = false;
                textStart = 0;
            }
            if (line.n > 0 && stream != lineStream) emitLine(lineEnd); // a chain cut short (the log's cap)
            line.append(raw, textStart, rawLen - textStart);
            lineStream = stream;
            lineEnd = end;
            record.reset();
            if (!continued || line.n >= MAX_LINE) emitLine(end);
        }

        /** A record with no newline for {@link #MAX_LINE} bytes is handed out as it is, so memory stays bounded. */
        void checkOverlong(long pos) throws IOException {
            if (record.n < MAX_LINE) return;
            boolean tagged = untaggedRest == null && record.n >= 2 && record.a[1] == ' ' && LogStream.ofTag(record.a[0]) != null;
            LogStream stream = untaggedRest != null ? untaggedRest : tagged ? LogStream.ofTag(record.a[0]) : LogStream.STDOUT;
            if (line.n > 0) emitLine(lineEnd);
            line.append(record.a, tagged ? 2 : 0, record.n - (tagged ? 2 : 0));
            lineStream = stream;
            record.reset();
            untaggedRest = stream;
            emitLine(pos);
        }

        private void emitLine(long end) throws IOException {
            byte[] bytes = Arrays.copyOf(line.a, line.n);
            line.reset();
            sink.accept(new Line(lineStream, bytes, end));
            lineStart = end;
        }
    }

    /** A growable byte array that gives back its memory after a long line. */
    private static final class Bytes {
        byte[] a = new byte[256];
        int n;

        void append(byte[] b, int off, int len) {
            if (n + len > a.length) a = Arrays.copyOf(a, Math.max(n + len, a.length * 2));
            System.arraycopy(b, off, a, n, len);
            n += len;
        }

        void reset() {
            n = 0;
            if (a.length > 1 << 20) a = new byte[256];
        }
    }
}
