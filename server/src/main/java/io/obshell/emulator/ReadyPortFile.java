package io.obshell.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code obshell.emulator.port-file}: once the emulator serves requests, the port it listens on
 * is written to this file (atomically: a reader never sees it half written). The launcher and
 * the JUnit extension start the emulator on {@code server.port=0} and wait for this file, so
 * they never race another process for a port they picked in advance.
 */
@Component
class ReadyPortFile implements ApplicationListener<ApplicationReadyEvent> {

    static final String KEY = "obshell.emulator.port-file";

    private final Environment environment;

    ReadyPortFile(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String file = environment.getProperty(KEY);
        String port = environment.getProperty("local.server.port");
        if (file == null || file.isBlank() || port == null) {
            return;
        }
        Path target = Path.of(file).toAbsolutePath();
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            Path partial = Files.createTempFile(parent, target.getFileName().toString(), ".tmp");
            Files.writeString(partial, port + "\n", StandardCharsets.UTF_8);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + KEY + " " + target, e);
        }
    }
}
