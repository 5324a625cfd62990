package io.obshell.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code obshell.*}. These names are the emulator's public interface
 * (README, environment variables such as {@code OBSHELL_AGENT_PASSWORD}); keep them.
 */
@ConfigurationProperties("obshell")
public record ObshellProperties(
        @DefaultValue("./obshell-data") Path dataDir,
        @DefaultValue Agent agent,
        @DefaultValue Obproxy obproxy,
        @DefaultValue Emulator emulator) {

    /**
     * The agent as it reports itself. {@code port} null means "the port the server listens on".
     * {@code password} null means "not initialized until set through the API".
     */
    public record Agent(
            @DefaultValue("127.0.0.1") String ip,
            Integer port,
            @DefaultValue("SINGLE") String identity,
            @DefaultValue("4.5.0.0") String version,
            String password,
            @DefaultValue("x86_64") String architecture) {
    }

    /**
     * What only an emulator has. {@code stageDelay} is how long each task stays RUNNING (0 runs
     * DAGs as fast as the database allows); {@code taskDelays} overrides it per task name.
     */
    public record Emulator(
            @DefaultValue("150ms") Duration stageDelay,
            Map<String, Duration> taskDelays) {

        public Emulator {
            taskDelays = taskDelays == null ? Map.of() : Map.copyOf(taskDelays);
        }
    }

    /** The managed ODP's initial state; once created, the persisted model wins. */
    public record Obproxy(
            @DefaultValue("true") boolean managed,
            @DefaultValue("true") boolean running,
            @DefaultValue("4.3.2.0-26") String version,
            @DefaultValue("/home/admin/obproxy") String homePath,
            @DefaultValue("2883") int sqlPort) {
    }
}
