package io.obshell.emulator.api;

import java.io.IOException;

/**
 * A request body went past its route family's limit ({@link EdgeLimits}). The message is the
 * text of Go's {@code http.MaxBytesError}, what a Go server bounding its bodies would report.
 */
public final class BodyTooLargeException extends IOException {

    public static final String GO_TEXT = "http: request body too large";

    private final long limit;

    BodyTooLargeException(long limit) {
        super(GO_TEXT);
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** {@code e} or the first of its causes that is a body past its limit; null when none is. */
    public static BodyTooLargeException in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}
