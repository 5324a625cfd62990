package io.obshell.emulator.secure;

/** obshell's RouteType: which password rules a route group verifies with (auth.md §2.1). */
public enum RouteType {
    /** Plain {@code Verify()}: the ob-route rules of the agent's identity. */
    OCEANBASE,
    /** {@code /api/v1/obproxy/**}: agent header and agent password only. */
    OBPROXY,
    /** {@code /api/v1/task/**}: obproxy rules for IDs starting 4 or 5, ob rules otherwise. */
    TASK
}
