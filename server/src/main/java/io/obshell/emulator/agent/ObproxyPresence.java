package io.obshell.emulator.agent;

/**
 * What {@code /api/v1/info} reports of the managed ODP: its home path, "" when none is managed
 * (obshell's {@code IsObproxyAgent()} is exactly "home path non-empty"). The obproxy feature
 * provides it.
 */
public interface ObproxyPresence {

    String homePath();
}
