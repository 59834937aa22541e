package baton.ui;

/** One stored log line for the view: which stream it came from, and its text. */
public record LogLine(char stream, String text) {
    public boolean isStderr() {
        return stream == 'e';
    }

    public boolean isBaton() {
        return stream == 'b';
    }
}
