package io.obshell.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.springframework.stereotype.Component;

/**
 * The emulated file system: every path a client names (ODP home, upgrade dir) lives under
 * {@code <data-dir>/fs/}, as in a chroot. Whatever a client sends, the result stays inside.
 */
@Component
public class Sandbox implements Resettable {

    private final Path root;

    public Sandbox(DataDirectory dataDirectory) {
        this.root = dataDirectory.root().resolve("fs");
    }

    public Path root() {
        return root;
    }

    @Override
    public int resetOrder() {
        return FILES;
    }

    /** Empties the sandbox: every file a client or a task created there is gone. */
    @Override
    public void reset() {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    if (!dir.equals(root)) {
                        Files.delete(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the sandbox", e);
        }
    }

    /**
     * Maps a client's absolute path into the sandbox. {@code ..} cannot climb above the sandbox
     * root: like a chroot, {@code /..} is {@code /}.
     */
    public Path resolve(String clientPath) {
        Path normalized = Path.of("/").resolve(clientPath).normalize();
        Path inside = root;
        for (Path part : normalized) {
            String name = part.toString();
            if (name.equals("..")) {
                inside = inside.equals(root) ? root : inside.getParent();
            } else if (!name.isEmpty() && !name.equals(".")) {
                inside = inside.resolve(name);
            }
        }
        if (!inside.normalize().startsWith(root)) {
            throw new IllegalArgumentException("path escapes the sandbox");
        }
        return inside;
    }
}
