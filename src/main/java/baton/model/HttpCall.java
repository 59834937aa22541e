package baton.model;

import java.time.Duration;

/**
 * A phase served by a running service (SPEC 1.5). {@code url} and {@code body} (a JSON text, or
 * null for Baton's own body) may hold {@code ${NAME}} references, resolved when the job starts;
 * {@code urlPos} and {@code bodyPos} say where they were written, for the validator's messages.
 */
public record HttpCall(String url, String method, boolean callback, Duration timeout, String body, SourcePos urlPos,
                       SourcePos bodyPos) {
    public HttpCall {
        if (urlPos == null) urlPos = SourcePos.NONE;
        if (bodyPos == null) bodyPos = SourcePos.NONE;
    }

    public HttpCall(String url, String method, boolean callback, Duration timeout) {
        this(url, method, callback, timeout, null, SourcePos.NONE, SourcePos.NONE);
    }
}
