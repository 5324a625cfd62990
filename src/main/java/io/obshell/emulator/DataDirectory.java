package io.obshell.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.stereotype.Component;

/** The one directory the emulator writes to: database, sandbox, spooled request bodies. */
@Component
public class DataDirectory {

    private final Path root;

    public DataDirectory(ObshellProperties properties) {
        this.root = create(properties.dataDir().toAbsolutePath().normalize());
        create(root.resolve("tmp"));
    }

    public Path root() {
        return root;
    }

    public Path database() {
        return root.resolve("obshell.db");
    }

    /** Scratch space for request bodies too large to keep in memory. */
    public Path tmp() {
        return root.resolve("tmp");
    }

    private static Path create(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
    }
}
