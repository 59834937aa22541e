package baton.ui;

import java.time.Instant;

/**
 * One stored log line for the view: which stream it came from, its text, and when the window saw
 * it arrive (null for lines already written when the log was opened: the file keeps no times).
 */
public record LogLine(char stream, String text, Instant arrived) {
    public LogLine(char stream, String text) {
        this(stream, text, null);
    }

    public boolean isStderr() {
        return stream == 'e';
    }

    public boolean isBaton() {
        return stream == 'b';
    }

    LogLine arrivedAt(Instant at) {
        return new LogLine(stream, text, at);
    }
}
