package io.obshell.emulator.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.obshell.emulator.agent.AgentIdentity;
import io.obshell.emulator.api.ApiWebConfiguration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(ApiWebConfiguration.CONTROL_PATH + "/health")
@Tag(name = "State")
class HealthController {

    /**
     * Times are ISO-8601; {@code uptimeSeconds} is {@code uptime} in whole seconds; {@code ui} is
     * the path of the live page.
     */
    record Health(String status, String emulatorVersion, String agentVersion, String startedAt, String uptime,
            long uptimeSeconds, String ui) {
    }

    private final String emulatorVersion;
    private final AgentIdentity agent;
    private final Clock clock;
    private final Instant startedAt;

    HealthController(ObjectProvider<BuildProperties> build, AgentIdentity agent, Clock clock) {
        // build-info.properties comes from the Maven build; a run from an IDE without it says so.
        BuildProperties properties = build.getIfAvailable();
        this.emulatorVersion = properties != null ? properties.getVersion() : "unknown";
        this.agent = agent;
        this.clock = clock;
        this.startedAt = Instant.ofEpochSecond(agent.startAt());
    }

    @GetMapping
    @Operation(summary = "Whether the emulator is up, its version, the obshell version it plays, its uptime")
    Health health() {
        Duration uptime = Duration.between(startedAt, clock.instant());
        if (uptime.isNegative()) {
            uptime = Duration.ZERO;
        }
        return new Health("UP", emulatorVersion, agent.version(), startedAt.toString(), uptime.toString(),
                uptime.toSeconds(), UiController.PATH);
    }
}
