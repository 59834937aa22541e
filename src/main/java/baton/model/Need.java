package baton.model;

public record Need(String phase, When when, SourcePos pos) {
    public Need {
        if (pos == null) pos = SourcePos.NONE;
    }

    public static Need success(String phase) {
        return new Need(phase, When.SUCCESS, SourcePos.NONE);
    }
}
