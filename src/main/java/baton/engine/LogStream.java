package baton.engine;

/**
 * Which stream a stored log line came from. A log file is a sequence of lines, each
 * {@code <tag> <bytes>\n}: the tag keeps stdout and stderr apart, in the order they arrived,
 * without holding anything in memory.
 */
public enum LogStream {
    STDOUT('o'), STDERR('e'), BATON('b');

    public final byte tag;

    LogStream(char tag) {
        this.tag = (byte) tag;
    }

    public static LogStream ofTag(int tag) {
        return switch (tag) {
            case 'o' -> STDOUT;
            case 'e' -> STDERR;
            case 'b' -> BATON;
            default -> null;
        };
    }
}
