package baton.engine.logs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one attempt's output to its log file, line by line with a stream tag (see
 * {@link LogStream} for the records). Partial lines are kept per stream until their newline,
 * so stdout and stderr never mix inside one line; a line that grows past {@link #MAX_RECORD}
 * bytes goes out in records marked "continued", so memory stays bounded and the reader still
 * gets the line whole. Flushed after every chunk, so readers follow it live and a crash loses
 * at most what the process wrote in the last instant.
 */
public final class LogWriter implements AutoCloseable {
    /** The most bytes of a line kept in memory (and written in one record). */
    static final int MAX_RECORD = 64 * 1024;

    private final Path file;
    private OutputStream out; // opened on the first line: a silent job leaves no file behind
    private final long cap;
    private final byte[][] partial = new byte[LogStream.values().length][];
    private final int[] partialLen = new int[LogStream.values().length];
    private long written;
    private boolean capped;
    /** Why the log could not be written (a full disk, the folder gone), or null: the job fails with it. */
    private String failure;
    /** The stream whose line has gone out in continued records and is not ended yet, or -1. */
    private int longLine = -1;

    public LogWriter(Path file, long cap) {
        this.file = file;
        this.cap = cap;
        for (int i = 0; i < partial.length; i++) partial[i] = new byte[256];
    }

    public synchronized void write(LogStream stream, byte[] buf, int off, int len) {
        int s = stream.ordinal();
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (buf[i] == '\n') {
                append(s, buf, start, i - start);
                emit(stream, s);
                start = i + 1;
            }
        }
        if (start < end) {
            append(s, buf, start, end - start);
            if (partialLen[s] >= MAX_RECORD) emit(stream, s, false);
        }
        flush();
    }

    /** A line of Baton's own (timeouts, kills), kept among the job's output where it happened. */
    public synchronized void note(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int s = LogStream.BATON.ordinal();
        append(s, b, 0, b.length);
        emit(LogStream.BATON, s);
        flush();
    }

    private void append(int s, byte[] buf, int off, int len) {
        int need = partialLen[s] + len;
        if (need > partial[s].length) {
            partial[s] = java.util.Arrays.copyOf(partial[s], Math.max(need, partial[s].length * 2));
        }
        System.arraycopy(buf, off, partial[s], partialLen[s], len);
        partialLen[s] = need;
    }

    private void emit(LogStream stream, int s) {
        emit(stream, s, true);
    }

    /** Writes the stream's pending bytes as a record; {@code last}: they end the line. */
    private void emit(LogStream stream, int s, boolean last) {
        if (longLine >= 0 && longLine != s) {
            // another stream's long line is cut here, as a terminal would show it: the records
            // of one line stay next to each other, so a reader joins them without buffering others
            int other = longLine;
            longLine = -1;
            emit(LogStream.values()[other], other, true);
        }
        longLine = last ? -1 : s;
        int len = partialLen[s];
        partialLen[s] = 0;
        if (capped) return;
        try {
            if (out == null) open();
            if (written + len + 2 > cap) {
                capped = true;
                byte[] marker = ("b [log truncated: it reached the cap of " + cap + " bytes; further output was dropped]\n")
                        .getBytes(StandardCharsets.UTF_8);
                out.write(marker);
                written += marker.length;
                return;
            }
            out.write(last ? stream.tag : stream.continuedTag);
            out.write(' ');
            out.write(partial[s], 0, len);
            out.write('\n');
            written += len + 3;
        } catch (IOException e) {
            failed(e);
        }
        if (partial[s].length > 4 * MAX_RECORD) partial[s] = new byte[256];
    }

    private void open() throws IOException {
        if (!Files.isDirectory(file.getParent())) baton.store.OwnerOnly.createDirectories(file.getParent());
        out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(Files.newByteChannel(file,
                java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                baton.store.OwnerOnly.fileAttributes())), 16 * 1024);
    }

    private void flush() {
        if (out == null) return;
        try {
            out.flush();
        } catch (IOException e) {
            failed(e);
        }
    }

    /** Stops writing (the job's output is drained and dropped from here on) and keeps why, so the job fails with it. */
    private void failed(IOException e) {
        capped = true;
        if (failure == null) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            failure = "cannot write the job's log " + file + " (" + why + (why.contains("No space") ? ": the disk is full" : "")
                    + "); its output from then on is lost";
        }
    }

    public synchronized String failure() {
        return failure;
    }

    public synchronized long size() {
        return written;
    }

    @Override
    public synchronized void close() {
        for (LogStream st : LogStream.values()) {
            if (partialLen[st.ordinal()] > 0 || longLine == st.ordinal()) emit(st, st.ordinal());
        }
        if (out == null) return;
        try {
            out.close();
        } catch (IOException e) {
            // nothing more can be saved; the job's result does not depend on it
            System.getLogger("baton.engine").log(System.Logger.Level.WARNING, "closing the log " + file + " failed", e);
        }
    }
}
