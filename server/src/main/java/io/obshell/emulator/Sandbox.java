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
import java.nio.file.attribute.FileTime;

import java.util.Map;
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
        Path inside = inside(clientPath);
        refuseLinks(inside);
        return inside;
    }

    private Path inside(String clientPath) {
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
        return read(resolve(clientPath));
    }

    private static String read(Path file) throws IOException {
        try (var channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * As {@link #readString(String)}, same text and same failures, but a small file unchanged
     * since {@code cache} last read it is not opened again: the path is walked (and refused) as
     * always, and the file's last part stamped by the same {@code lstat} (see {@link TextCache}).
     */
    public String readString(String clientPath, TextCache cache) throws IOException {
        Path file = inside(clientPath);
        FileStamp stamp = refuseLinks(file);
        String kept = cache.lookUp(file, stamp);
        if (kept != null) {
            return kept;
        }
        long now = System.currentTimeMillis();
        String text = read(file);
        if (stamp != null && stamp.settledBefore(now, cache.settleMillis) && text.length() <= TextCache.MAX_LENGTH
                && stamp.equals(FileStamp.of(file))) {
            cache.keep(file, stamp, text);
        }
        return text;
    }

    /**
     * A regular file's identity and last change as one {@code lstat} reports them: device, inode,
     * size and ctime. The kernel sets ctime to the current time on every change of the inode
     * (write, truncate, chmod, rename, link count), and no call can set it back; a new file is a
     * new inode or a new ctime. So a file whose stamp equals one taken earlier holds the same
     * bytes, provided that ctime was already in the past when the earlier stamp was taken (else
     * a change within the same clock tick could keep it: git's "racily clean" entries).
     */
    record FileStamp(Object device, Object inode, long size, FileTime ctime) {

        static final String ATTRIBUTES = "unix:isSymbolicLink,isOther,isRegularFile,nlink,dev,ino,size,ctime";

        /** Null unless a regular file; the caller has refused links already. */
        static FileStamp of(Map<String, Object> attributes) {
            if (!Boolean.TRUE.equals(attributes.get("isRegularFile")) || !(attributes.get("ctime") instanceof FileTime time)) {
                return null;
            }
            return new FileStamp(attributes.get("dev"), attributes.get("ino"), (Long) attributes.get("size"), time);
        }

        static FileStamp of(Path file) {
            try {
                return of(Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return null;
            }
        }

        boolean settledBefore(long nowMillis, long settleMillis) {
            return ctime.toMillis() < nowMillis - settleMillis;
        }
    }

    /**
     * The last small file read through {@link #readString(String, TextCache)} with its stamp: one
     * entry, for a file read on every request (the ODP's pid file) that changes rarely but may
     * change on disk at any time, by anyone.
     */
    public static final class TextCache {

        static final int MAX_LENGTH = 4096;
        /**
         * How far in the past a file's ctime must lie for its text to be kept: beyond the kernel's
         * clock tick (its file times are coarse) and coarse file system timestamps.
         */
        static final long SETTLE_MILLIS = 3_000;

        private record Entry(Path file, FileStamp stamp, String text) {
        }

        private final long settleMillis;
        private final java.util.concurrent.atomic.LongAdder hits = new java.util.concurrent.atomic.LongAdder();
        private volatile Entry entry;

        public TextCache() {
            this(SETTLE_MILLIS);
        }

        /** {@code settleMillis}: shorter in tests, which cannot make a file's ctime old. */
        TextCache(long settleMillis) {
            this.settleMillis = settleMillis;
        }

        /** Whether a text is kept for {@code file} (tests). */
        boolean keeps(Path file) {
            Entry kept = entry;
            return kept != null && kept.file.equals(file);
        }

        String lookUp(Path file, FileStamp stamp) {
            Entry kept = entry;
            if (stamp != null && kept != null && kept.file.equals(file) && kept.stamp.equals(stamp)) {
                hits.increment();
                return kept.text;
            }
            return null;
        }

        /** How many reads the kept text answered (tests). */
        long hits() {
            return hits.sum();
        }

        void keep(Path file, FileStamp stamp, String text) {
            entry = new Entry(file, stamp, text);
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

    /**
     * Walks from the root down to {@code inside}, refusing whatever a planted file could redirect;
     * returns the stamp of {@code inside} when it is a regular file, else null.
     */
    private FileStamp refuseLinks(Path inside) {
        Path current = root;
        try {
            if (inside.equals(root)) {
                return checkLast(current);
            }
            if (!checkPart(current)) {
                return null;
            }
            for (Path part : root.relativize(inside)) {
                if (part.toString().isEmpty()) {
                    continue;
                }
                current = current.resolve(part);
                if (current.equals(inside)) {
                    return checkLast(current);
                }
                if (!checkPart(current)) {
                    return null;
                }
            }
            return null;
        } catch (FileSystemException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** False when {@code path} does not exist (nothing below it can either). */
    private boolean checkPart(Path path) throws FileSystemException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // Not a directory, too long a name...: the operation itself reports it.
            return false;
        }
        refuse(path, attrs, false);
        return true;
    }

    /**
     * The last part: refused as {@link #checkPart} does, a hard-linked file too, all from one
     * {@code lstat} where the platform has the unix attribute view; its stamp when a regular file.
     */
    private FileStamp checkLast(Path path) throws FileSystemException {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, FileStamp.ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            checkPart(path);
            if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && linkCount(path) > 1) {
                throw new FileSystemException(clientPath(path), null, HARD_LINK_REFUSED);
            }
            return null;
        } catch (IOException e) {
            return null;
        }
        if (Boolean.TRUE.equals(attributes.get("isSymbolicLink"))) {
            throw new FileSystemException(clientPath(path), null, LINK_REFUSED);
        }
        if (Boolean.TRUE.equals(attributes.get("isOther"))) {
            throw new FileSystemException(clientPath(path), null, SPECIAL_REFUSED);
        }
        if (Boolean.TRUE.equals(attributes.get("isRegularFile")) && attributes.get("nlink") instanceof Integer links
                && links > 1) {
            throw new FileSystemException(clientPath(path), null, HARD_LINK_REFUSED);
        }
        return FileStamp.of(attributes);
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
