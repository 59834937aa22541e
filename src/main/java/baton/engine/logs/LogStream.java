package baton.engine.logs;

/**
 * Which stream a stored log line came from. A log file is a sequence of records, each
 * {@code <tag> <bytes>\n}: the tag keeps stdout and stderr apart, in the order they arrived,
 * without holding anything in memory. A line longer than {@link LogWriter#MAX_RECORD} bytes is
 * stored as consecutive records of its stream, every one but the last tagged in upper case
 * ("goes on in the next record"); {@link LogReader} joins them back into the one line.
 */
public enum LogStream {
    STDOUT('o'), STDERR('e'), BATON('b');

    public final byte tag;
    /** The tag of a record whose line goes on in the next record. */
    public final byte continuedTag;

    LogStream(char tag) {
        this.tag = (byte) tag;
        this.continuedTag = (byte) Character.toUpperCase(tag);
    }

    /** The stream of a record's tag, either case; null when it is no tag. */
    public static LogStream ofTag(int tag) {
        return switch (tag) {
            case 'o', 'O' -> STDOUT;
            case 'e', 'E' -> STDERR;
            case 'b', 'B' -> BATON;
            default -> null;
        };
    }

    static boolean isContinued(int tag) {
        return tag == 'O' || tag == 'E' || tag == 'B';
    }
}
