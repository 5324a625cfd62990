package io.obshell.emulator;

import java.nio.file.Path;

import org.springframework.stereotype.Component;

/**
 * The emulated file system: every path a client names (ODP home, upgrade dir) lives under
 * {@code <data-dir>/fs/}, as in a chroot. Whatever a client sends, the result stays inside.
 */
@Component
public class Sandbox {

    private final Path root;

    public Sandbox(DataDirectory dataDirectory) {
        this.root = dataDirectory.root().resolve("fs");
    }

    public Path root() {
        return root;
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
