package baton.format;

import baton.model.SourcePos;

/** One thing wrong with a file, located: prints as {@code file:line:col: message}. */
public record Problem(String file, int line, int column, String message) implements Comparable<Problem> {

    public static Problem at(String file, SourcePos pos, String message) {
        return new Problem(file, Math.max(pos.line(), 1), Math.max(pos.column(), 1), message);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public int compareTo(Problem o) {
        int c = Integer.compare(line, o.line);
        return c != 0 ? c : Integer.compare(column, o.column);
    }
}
