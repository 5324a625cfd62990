package io.obshell.emulator.client;

/**
 * {@code GET /__emulator/agent}: who the agent says it is, whether an agent password is set
 * ({@code security}, as {@code GET /api/v1/info} reports it), and who holds its maintenance lock.
 */
public record AgentState(String identity, String version, String ip, int port, String architecture, boolean security,
        Maintenance maintenance) {

    /** {@code holder}: the unfinished maintenance DAG holding the lock, or null. */
    public record Maintenance(boolean held, Dag holder) {
    }
}
