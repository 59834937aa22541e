package baton.engine;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads a stored log as a stream of lines, from a byte offset, never all at once. */
public final class LogReader {
    public record Line(LogStream stream, byte[] bytes, long endOffset) {}

    public interface LineSink {
        void accept(Line line) throws IOException;
    }

    private LogReader() {}

    /**
     * Reads complete lines from {@code offset}; returns the offset after the last complete line
     * (a line still being written is left for the next call, so a follower can call again).
     */
    public static long read(Path file, long offset, LineSink sink) throws IOException {
        return read(file, offset, Long.MAX_VALUE, sink);
    }

    /** As {@link #read(Path, long, LineSink)}, stopping at the first line that ends after {@code limit}. */
    public static long read(Path file, long offset, long limit, LineSink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(offset);
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 64 * 1024);
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            long pos = offset;
            long lineStart = offset;
            int b;
            while ((b = in.read()) != -1) {
                if (pos >= limit && lineStart >= limit) break;
                pos++;
                if (b == '\n') {
                    byte[] raw = line.toByteArray();
                    line.reset();
                    LogStream stream = raw.length >= 2 && raw[1] == ' ' ? LogStream.ofTag(raw[0]) : null;
                    byte[] text = stream == null ? raw : java.util.Arrays.copyOfRange(raw, 2, raw.length);
                    sink.accept(new Line(stream == null ? LogStream.STDOUT : stream, text, pos));
                    lineStart = pos;
                } else {
                    line.write(b);
                }
            }
            return lineStart;
        }
    }
}
