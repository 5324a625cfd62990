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

    public static void main(String[] args) {
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
