package baton.model;

/** A place in a source file, 1-based; kept on model parts so later checks can point at them. */
public record SourcePos(int line, int column) {
    public static final SourcePos NONE = new SourcePos(0, 0);

    public boolean known() {
        return line > 0;
    }
}
