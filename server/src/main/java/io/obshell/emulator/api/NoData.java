package io.obshell.emulator.api;

/** What a controller returns when obshell answers 200 with no {@code data} key (e.g. operate DAG). */
public enum NoData {
    INSTANCE
}
