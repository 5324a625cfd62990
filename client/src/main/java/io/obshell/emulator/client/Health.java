package io.obshell.emulator.client;

/** {@code GET /__emulator/health}: {@code status} is {@code UP} once the emulator serves requests. */
public record Health(String status, String emulatorVersion, String agentVersion, String startedAt, String uptime,
        long uptimeSeconds) {
}
