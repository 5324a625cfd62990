package io.obshell.emulator.obproxy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How an ODP home is laid out in the sandbox. A managed ODP has a {@link #DEPLOYED} home; an
 * ODP installed but never run has an {@link #INSTALLED} one, which "Add obproxy" accepts; the
 * others are the homes each of obshell's home-path checks refuses (add.go, checkObproxyHomePath).
 */
public enum HomeLayout {
    /** bin/obproxy, lib/, etc/ with a config db, run/ with the pid file of a running ODP. */
    DEPLOYED,
    /** bin/obproxy, lib/ and an empty etc/: a fresh install. */
    INSTALLED,
    /** A fresh install without bin/. */
    NO_BIN,
    /** A fresh install whose bin/ is empty: there is no bin/obproxy to ask its version. */
    BIN_EMPTY,
    /** A fresh install without lib/. */
    NO_LIB,
    /** A fresh install whose etc/ holds a config db: an ODP has run there. */
    ETC_NOT_EMPTY,
    /** A fresh install whose etc is a file, not a directory. */
    ETC_FILE,
    /** A fresh install whose run is a file, so the run directory cannot be made. */
    RUN_FILE,
    /** An empty home the agent may not write to. */
    UNWRITABLE,
    /** No home at all. */
    MISSING;

    /** The name on the wire: {@code no-lib}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<HomeLayout> fromWire(String text) {
        return Arrays.stream(values()).filter(layout -> layout.wire().equals(text)).findFirst();
    }
}
