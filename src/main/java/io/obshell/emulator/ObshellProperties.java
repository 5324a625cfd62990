package io.obshell.emulator;

import java.nio.file.Path;

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
        @DefaultValue Obproxy obproxy) {

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

    /** The managed ODP's initial state; once created, the persisted model wins. */
    public record Obproxy(
            @DefaultValue("true") boolean managed,
            @DefaultValue("true") boolean running,
            @DefaultValue("4.3.2.0-26") String version,
            @DefaultValue("/home/admin/obproxy") String homePath,
            @DefaultValue("2883") int sqlPort) {
    }
}
