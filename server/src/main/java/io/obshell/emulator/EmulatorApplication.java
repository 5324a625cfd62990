package io.obshell.emulator;

import java.nio.file.Files;

import io.obshell.emulator.secure.AgentKeyPair;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class EmulatorApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(EmulatorApplication.class);
        // In this order: the scratch directory first (the native RSA provider unpacks into it).
        application.addListeners(new JvmScratchDirectory(), event -> {
            // A new data directory needs a key pair: make it on another core while Spring starts.
            if (event instanceof ApplicationEnvironmentPreparedEvent prepared
                    && !Files.exists(DataDirectory.configured(prepared.getEnvironment()).resolve("obshell.db"))) {
                AgentKeyPair.generateAhead();
            }
        });
        application.run(args);
    }
}
