package io.obshell.emulator.obproxy;

/**
 * The emulated ODP: managed by this agent or not, its process running or not, its version as
 * {@code show proxyinfo binary} reports it ({@code VERSION-BUILD}), home path, SQL port, pid.
 */
public record Obproxy(boolean managed, boolean running, String version, String homePath, int sqlPort, long pid) {

    public Obproxy withVersionAndPid(String newVersion, long newPid) {
        return new Obproxy(managed, running, newVersion, homePath, sqlPort, newPid);
    }
}
