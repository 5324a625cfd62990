package io.obshell.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

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
     * {@code password} null means "not initialized until set through the API". {@code homePath}
     * is obshell's own install directory (not the ODP's); {@code release} the build release that
     * {@code /api/v1/status} appends to the version.
     */
    public record Agent(
            @DefaultValue("127.0.0.1") String ip,
            Integer port,
            @DefaultValue("SINGLE") String identity,
            @DefaultValue("4.5.0.0") String version,
            String password,
            @DefaultValue("x86_64") String architecture,
            @DefaultValue("/home/admin/oceanbase") String homePath,
            @DefaultValue("0") String release) {

        /**
         * Whether the configured version is older than {@code other}: dotted numbers compared
         * component by component, for the behaviour obshell changed between releases.
         */
        public boolean versionBefore(String other) {
            String[] mine = version.split("\\.");
            String[] theirs = other.split("\\.");
            for (int k = 0; k < Math.max(mine.length, theirs.length); k++) {
                int a = k < mine.length ? leadingNumber(mine[k]) : 0;
                int b = k < theirs.length ? leadingNumber(theirs[k]) : 0;
                if (a != b) {
                    return a < b;
                }
            }
            return false;
        }

        private static int leadingNumber(String part) {
            int end = 0;
            while (end < part.length() && end < 9 && Character.isDigit(part.charAt(end))) {
                end++;
            }
            return end == 0 ? 0 : Integer.parseInt(part.substring(0, end));
        }
    }

    /**
     * What only an emulator has. {@code stageDelay} is how long each task stays RUNNING (0 runs
     * DAGs as fast as the database allows); {@code taskDelays} overrides it per task name;
     * {@code faults} are armed at start-up and again at every reset.
     */
    public record Emulator(
            @DefaultValue("150ms") Duration stageDelay,
            Map<String, Duration> taskDelays,
            List<FaultSpec> faults,
            @DefaultValue Journal journal,
            @DefaultValue Cluster cluster) {

        public Emulator {
            taskDelays = taskDelays == null ? Map.of() : Map.copyOf(taskDelays);
            faults = faults == null ? List.of() : List.copyOf(faults);
            cluster = cluster == null ? new Cluster("obcluster", "127.0.0.1:2881", "") : cluster;
        }
    }

    /**
     * A fault rule as configured ({@code obshell.emulator.faults[0].task=...}); the same fields
     * as {@code POST /__emulator/faults}, where the README documents them. Null means "default".
     */
    public record FaultSpec(
            String dag,
            String task,
            String version,
            Integer times,
            String phase,
            String errCode,
            String message,
            Duration delay,
            Boolean fail) {
    }

    /**
     * The OceanBase cluster behind an added ODP's {@code rs_list}: its name, the addresses that
     * answer ({@code ip:port;ip:port}), and the proxyro password they accept.
     */
    public record Cluster(
            @DefaultValue("obcluster") String name,
            @DefaultValue("127.0.0.1:2881") String rsList,
            String proxyroPassword) {

        public Cluster {
            proxyroPassword = proxyroPassword == null ? "" : proxyroPassword;
        }
    }

    /**
     * The request journal keeps the newest {@code /api/v1} requests: at most {@code maxEntries}
     * of them, and at most {@code maxBytes} of what it stores for them (bodies, URIs, messages).
     */
    public record Journal(@DefaultValue("1000") int maxEntries, @DefaultValue("8MB") DataSize maxBytes) {

        @ConstructorBinding
        public Journal {
        }

        public Journal(int maxEntries) {
            this(maxEntries, DataSize.ofMegabytes(8));
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
