package io.obshell.emulator.client;

/** The emulated ODP ({@code GET /__emulator/obproxy}); {@code version} is {@code VERSION-BUILD}. */
public record ObproxyState(boolean managed, boolean running, String version, String homePath, int sqlPort, long pid) {
}
