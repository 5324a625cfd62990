package io.obshell.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/** The one directory the emulator writes to: database, sandbox, spooled request bodies. */
@Component
public class DataDirectory {

    private final Path root;

    public DataDirectory(ObshellProperties properties) {
        this.root = create(properties.dataDir().toAbsolutePath().normalize());
        emptyScratchSpace(create(root.resolve("tmp")));
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

    /**
     * Request bodies are deleted when their request ends; a process killed mid-request leaves
     * them behind, and nothing else would ever remove them.
     */
    private static void emptyScratchSpace(Path tmp) {
        try (Stream<Path> leftovers = Files.list(tmp)) {
            for (Path leftover : leftovers.toList()) {
                FileSystemUtils.deleteRecursively(leftover);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + tmp, e);
        }
    }

    private static Path create(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
    }
}
