package io.obshell.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * The emulated file system: every path a client names (ODP home, upgrade dir) lives under
 * {@code <data-dir>/fs/}, as in a chroot. Whatever a client sends, the result stays inside.
 *
 * <p>Only the emulator writes here, so a symbolic link, a hard-linked file or a device found
 * under the root was planted by someone else: {@link #resolve} refuses every path that would go
 * through one, and the writes below replace files instead of writing through them. Errors name
 * the client's path, never the real one and never what a planted file holds.
 */
@Component
public class Sandbox implements Resettable {

    /** Go's text for ELOOP, what opening a path through a refused link reports. */
    static final String LINK_REFUSED = "too many levels of symbolic links";
    /** Go's text for EMLINK: a regular file with more than one name. */
    static final String HARD_LINK_REFUSED = "too many links";
    static final String SPECIAL_REFUSED = "not a regular file or directory";

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

    private final Path root;
    private final Path scratch;
    private final AtomicLong discards = new AtomicLong();
    /** Deletes discarded trees, one at a time, off the caller's thread. */
    private final ExecutorService discarder = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-discard");
        thread.setDaemon(true);
        return thread;
    });

    public Sandbox(DataDirectory dataDirectory) {
        this.root = dataDirectory.root().resolve("fs");
        this.scratch = dataDirectory.tmp();
    }

    public Path root() {
        return root;
    }

    @Override
    public int resetOrder() {
        return FILES;
    }

    /**
     * Empties the sandbox: every file a client or a task created there is gone. Links are
     * removed, never followed; a link planted as the root itself goes too.
     */
    @Override
    public void reset() {
        try {
            if (Files.isSymbolicLink(root) || (Files.exists(root, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS))) {
                Files.delete(root);
                return;
            }
            if (!Files.exists(root)) {
                return;
            }
            try (Stream<Path> entries = Files.list(root)) {
                for (Path entry : entries.toList()) {
                    FileSystemUtils.deleteRecursively(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the sandbox", e);
        }
    }

    /**
     * Maps a client's absolute path into the sandbox. {@code ..} cannot climb above the sandbox
     * root: like a chroot, {@code /..} is {@code /}. Every part of the result that exists is
     * looked at without following links, and the path is refused (an {@link UncheckedIOException}
     * whose message names {@code clientPath}) when one is a symbolic link, the last one a hard-linked
     * file, or anything but a directory or a regular file.
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
        refuseLinks(inside);
        return inside;
    }

    /** The client's name for a path inside the sandbox: the sandbox root is {@code /}. */
    public String clientPath(Path inside) {
        Path relative = root.relativize(inside.normalize());
        return "/" + relative.toString().replace('\\', '/');
    }

    /**
     * Replaces the file with {@code content} in one step (a temporary file beside it, then an
     * atomic rename): a reader sees the old content or the new one, never a half-written or
     * empty file; a planted link or hard link at that name is replaced, never written through.
     */
    public void writeAtomically(String clientPath, String content) throws IOException {
        Path target = resolve(clientPath);
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The file's text, read without following a link in its place. */
    public String readString(String clientPath) throws IOException {
        Path file = resolve(clientPath);
        try (var channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Copies a directory tree inside the sandbox. A link or device inside it stops the copy
     * (what it points at is never read).
     */
    public void copyTree(String fromClientPath, String toClientPath) throws IOException {
        Path from = resolve(fromClientPath);
        Path to = resolve(toClientPath);
        if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(fromClientPath);
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                refuse(file, attrs, true);
                Path target = to.resolve(from.relativize(file));
                refuseLinks(target);
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes a path and everything below it; links inside are removed, never followed. */
    public void deleteTree(String clientPath) throws IOException {
        Path path = resolve(clientPath);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        FileSystemUtils.deleteRecursively(path);
    }

    /**
     * Removes a tree as {@link #deleteTree} does, as far as anyone can see: its path is gone when
     * this returns. The tree is moved into the data directory's scratch space in one rename and
     * deleted there by a background thread, because removing a directory can cost milliseconds of
     * I/O wait (2 ms a directory measured on ext4 mounted with {@code discard}) that a DAG step
     * should not wait for. A process killed before that ends leaves it to the next start, which
     * empties the scratch space.
     */
    public void discardTree(String clientPath) throws IOException {
        Path path = resolve(clientPath);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path discarded = scratch.resolve(".discarded-" + System.nanoTime() + "-" + discards.incrementAndGet());
        try {
            Files.move(path, discarded, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException cannotMove) {
            deleteTree(clientPath);
            return;
        }
        deleteLater(discarded);
    }

    /** Deletes a file or tree of the scratch space on the background thread. */
    private void deleteLater(Path scratchPath) {
        discarder.execute(() -> {
            try {
                // Spring's walk deletes links without following them.
                FileSystemUtils.deleteRecursively(scratchPath);
            } catch (IOException | UncheckedIOException e) {
                log.warn("cannot delete {}: {}", scratchPath, e.getMessage());
            }
        });
    }

    /** Walks from the root down to {@code inside}, refusing whatever a planted file could redirect. */
    private void refuseLinks(Path inside) {
        Path current = root;
        try {
            if (!checkPart(current, inside.equals(root))) {
                return;
            }
            for (Path part : root.relativize(inside)) {
                if (part.toString().isEmpty()) {
                    continue;
                }
                current = current.resolve(part);
                if (!checkPart(current, current.equals(inside))) {
                    return;
                }
            }
        } catch (FileSystemException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** False when {@code path} does not exist (nothing below it can either). */
    private boolean checkPart(Path path, boolean last) throws FileSystemException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // Not a directory, too long a name...: the operation itself reports it.
            return false;
        }
        refuse(path, attrs, last);
        return true;
    }

    private void refuse(Path path, BasicFileAttributes attrs, boolean last) throws FileSystemException {
        if (attrs.isSymbolicLink()) {
            throw new FileSystemException(clientPath(path), null, LINK_REFUSED);
        }
        if (attrs.isOther()) {
            throw new FileSystemException(clientPath(path), null, SPECIAL_REFUSED);
        }
        if (last && attrs.isRegularFile() && linkCount(path) > 1) {
            throw new FileSystemException(clientPath(path), null, HARD_LINK_REFUSED);
        }
    }

    private static int linkCount(Path file) {
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1;
        }
    }
}
