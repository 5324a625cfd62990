package io.obshell.emulator.pkg;

import java.io.IOException;

/**
 * An RPM that the Go library obshell uses would refuse, with that library's error text as the
 * message (e.g. {@code rpm: invalid file descriptor}, {@code unexpected EOF}). {@link #goPanic()}
 * marks input on which that library panics instead of returning an error.
 */
public class RpmFormatException extends IOException {

    private final boolean goPanic;

    RpmFormatException(String goErrorText) {
        this(goErrorText, false);
    }

    private RpmFormatException(String message, boolean goPanic) {
        super(message, null);
        this.goPanic = goPanic;
    }

    static RpmFormatException panic(String what) {
        return new RpmFormatException(what, true);
    }

    static RpmFormatException rpm(String format, Object... args) {
        return new RpmFormatException("rpm: " + String.format(format, args));
    }

    /** True when obshell would crash into its Recovery handler rather than report this text. */
    public boolean goPanic() {
        return goPanic;
    }
}
