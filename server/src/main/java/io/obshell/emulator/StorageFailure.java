package io.obshell.emulator;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Recognises a store that cannot take more (a full disk, a full database) in an exception's
 * causes, and says so in the words Go's sqlite driver and syscall errors use, so a client reads
 * what happened instead of "Internal Server Error".
 */
public final class StorageFailure {

    /** SQLite's primary result codes (the low byte of an extended code). */
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;

    private StorageFailure() {
    }

    /** The failure's text when {@code failure} comes from a full or failing store, else empty. */
    public static Optional<String> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                int primary = sql.getErrorCode() & 0xff;
                String text = String.valueOf(sql.getMessage());
                if (primary == SQLITE_FULL || text.contains("SQLITE_FULL")) {
                    return Optional.of("database or disk is full");
                }
                if (primary == SQLITE_IOERR || text.contains("SQLITE_IOERR")) {
                    return Optional.of("disk I/O error");
                }
            }
            if (cause instanceof IOException io && io.getMessage() != null
                    && io.getMessage().contains("No space left on device")) {
                return Optional.of("no space left on device");
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }
}
