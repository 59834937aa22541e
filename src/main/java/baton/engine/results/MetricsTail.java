package baton.engine.results;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Follows one running attempt's BATON_METRICS file. Each read looks at the file's size and time
 * first (nothing more when neither changed), then takes only the whole lines added since the last
 * read; the last value of a name wins, as at the attempt's end ({@link JobResults}). A file that
 * was rewritten rather than appended to (it shrank, or the byte before the new ones is not the one
 * taken last) is taken again from its start. One reader at a time: not thread-safe.
 */
final class MetricsTail {
    /** At most this much is taken per read, so a job that floods its file costs one megabyte a second. */
    static final int MAX_READ = 1 << 20;

    private final Path file;
    private final Map<String, Double> values = new LinkedHashMap<>();
    /** Bytes taken: up to the end of a whole line, or past a line too long to keep. */
    private long offset;
    private int lastTakenByte = -1;
    private FileTime modified;
    /** Inside a line longer than {@link #MAX_READ}: it is dropped up to its end. */
    private boolean droppingLongLine;

    MetricsTail(Path file) {
        this.file = file;
    }

    /** The attempt's metrics when they changed since the last read, or null. */
    Map<String, Double> read() throws IOException {
        BasicFileAttributes at;
        try {
            at = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null; // the job has not written any yet
        }
        // a link or a pipe is not read here (a pipe would block); the read at the end refuses it with a warning
        if (!at.isRegularFile()) return null;
        long size = at.size();
        if (size == offset && at.lastModifiedTime().equals(modified)) return null;
        Map<String, Double> before = new LinkedHashMap<>(values);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (size <= offset || !takenByteStillAt(ch)) startOver();
            long end = Math.min(size, offset + MAX_READ);
            ByteBuffer buf = ByteBuffer.allocate((int) (end - offset));
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
                // read until the buffer is full or the file ends (it may have been cut meanwhile)
            }
            take(buf.array(), buf.position());
        }
        modified = at.lastModifiedTime();
        return values.equals(before) ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    private boolean takenByteStillAt(FileChannel ch) throws IOException {
        if (offset == 0) return true;
        ByteBuffer one = ByteBuffer.allocate(1);
        return ch.read(one, offset - 1) == 1 && (one.get(0) & 0xff) == lastTakenByte;
    }

    private void startOver() {
        values.clear();
        offset = 0;
        lastTakenByte = -1;
        droppingLongLine = false;
    }

    /** Takes the whole lines of {@code bytes[0, length)}; a part line waits for its end. */
    private void take(byte[] bytes, int length) {
        if (length == 0) return;
        int start = 0;
        if (droppingLongLine) {
            int nl = indexOf(bytes, (byte) '\n', 0, length);
            if (nl < 0) {
                consumed(bytes, length);
                return;
            }
            droppingLongLine = false;
            start = nl + 1;
        }
        int lastNl = lastIndexOf(bytes, (byte) '\n', start, length);
        if (lastNl < 0) {
            if (length == MAX_READ && start == 0) {
                // no line end in a whole megabyte: not a metric; drop it up to its end
                droppingLongLine = true;
                consumed(bytes, length);
            } else if (start > 0) {
                consumed(bytes, start);
            }
            return;
        }
        for (String line : new String(bytes, start, lastNl - start, StandardCharsets.UTF_8).split("\n")) {
            Map.Entry<String, Double> m = JobResults.metricLine(line);
            if (m != null) values.put(m.getKey(), m.getValue());
        }
        consumed(bytes, lastNl + 1);
    }

    private void consumed(byte[] bytes, int length) {
        offset += length;
        lastTakenByte = bytes[length - 1] & 0xff;
    }

    private static int indexOf(byte[] b, byte x, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] == x) return i;
        return -1;
    }

    private static int lastIndexOf(byte[] b, byte x, int from, int to) {
        for (int i = to - 1; i >= from; i--) if (b[i] == x) return i;
        return -1;
    }
}
