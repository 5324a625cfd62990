package io.obshell.emulator.agent;

import java.time.Clock;

import io.obshell.emulator.ObshellProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Who this agent says it is: the ip and port it reports and encodes into task IDs, identity,
 * version, pid and start time. The port defaults to the one the server actually listens on.
 */
@Component
public class AgentIdentity {

    private final ObshellProperties.Agent agent;
    private final Environment environment;
    private final long startAt;
    private volatile Integer listening;

    AgentIdentity(ObshellProperties properties, Environment environment, Clock clock) {
        this.agent = properties.agent();
        this.environment = environment;
        this.startAt = clock.instant().getEpochSecond();
    }

    public String ip() {
        return agent.ip();
    }

    public int port() {
        if (agent.port() != null) {
            return agent.port();
        }
        Integer known = listening;
        if (known != null) {
            return known;
        }
        Integer local = environment.getProperty("local.server.port", Integer.class);
        if (local != null) {
            // Set once the server listens, and never changed after: read on every task request.
            listening = local;
            return local;
        }
        return environment.getProperty("server.port", Integer.class, 2886);
    }

    public String identity() {
        return agent.identity();
    }

    public String version() {
        return agent.version();
    }

    /** Whether the configured version is older than {@code version} (obshell changed behaviour there). */
    public boolean versionBefore(String version) {
        return agent.versionBefore(version);
    }

    /** obshell's own install directory ({@code global.HomePath}), the parent of its {@code bin/}. */
    public String homePath() {
        return agent.homePath();
    }

    /** The build release: {@code /api/v1/status} reports {@code VERSION-RELEASE}. */
    public String release() {
        return agent.release();
    }

    public String architecture() {
        return agent.architecture();
    }

    public long pid() {
        return ProcessHandle.current().pid();
    }

    public long startAt() {
        return startAt;
    }

    /** {@code ip:port} as obshell prints an agent, with brackets around IPv6. */
    public String address() {
        return (ip().contains(":") ? "[" + ip() + "]" : ip()) + ":" + port();
    }
}
