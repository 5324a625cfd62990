package io.obshell.emulator;

import java.nio.file.Files;
import java.nio.file.Path;

import io.obshell.emulator.secure.AgentKeyPair;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class EmulatorApplication {

    /**
     * How many object references fill a cache line, for the padding of Jetty's concurrent
     * structures. Left unset, Jetty asks the platform MBean server whether references are
     * compressed, which starts every platform MXBean: 30 ms of CPU on the start's critical path.
     */
    static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    /**
     * The Commons Logging factory Spring logs through. Left unset, Commons Logging looks for a
     * factory named in a service file on the whole class path, then probes Log4j's API (which
     * initialises Log4j's provider, status logger and properties, 87 classes) only to find it
     * routed to SLF4J, and settles on SLF4J: about 30 ms of CPU on the start's critical path,
     * to pick the factory this names (our log goes through SLF4J to Logback).
     */
    static final String COMMONS_LOGGING_FACTORY = "org.apache.commons.logging.LogFactory";
    static final String SLF4J_LOG_FACTORY = "org.apache.commons.logging.impl.Slf4jLogFactory";

    public static void main(String[] args) {
        if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) {
            // 64-byte lines; references are 4 bytes below a 32 GB heap (compressed), 8 above.
            boolean compressed = Runtime.getRuntime().maxMemory() < (32L << 30);
            System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, compressed ? "16" : "8");
        }
        if (System.getProperty(COMMONS_LOGGING_FACTORY) == null) {
            System.setProperty(COMMONS_LOGGING_FACTORY, SLF4J_LOG_FACTORY);
        }
        SpringApplication application = new SpringApplication(EmulatorApplication.class);
        // In this order: the scratch directory first (the native RSA provider unpacks into it).
        application.addListeners(new JvmScratchDirectory(), event -> {
            if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
                // On other cores while Spring starts: a new data directory's key pair, and the
                // database (before it exists: the key pair is made for a new one only).
                Path dataDir = DataDirectory.configured(prepared.getEnvironment());
                if (!Files.exists(dataDir.resolve("obshell.db"))) {
                    AgentKeyPair.generateAhead();
                }
                SqliteDatabase.openAhead(dataDir);
            }
        });
        application.run(args);
    }
}
