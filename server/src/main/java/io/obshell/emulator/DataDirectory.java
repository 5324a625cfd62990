package io.obshell.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * The one directory the emulator writes to: database, sandbox, spooled request bodies. The
 * database holds the agent's private key and the password encrypted with it, so the directory
 * is the owner's alone (0700) and the database files are 0600, whatever the umask.
 */
@Component
public class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    /** SQLite creates its -wal and -shm files with the database file's mode. */
    private static final String[] DATABASE_FILES = {"obshell.db", "obshell.db-wal", "obshell.db-shm", "obshell.db-journal",
        SqliteDatabase.PACKAGES_FILE, SqliteDatabase.PACKAGES_FILE + "-wal", SqliteDatabase.PACKAGES_FILE + "-shm",
        SqliteDatabase.PACKAGES_FILE + "-journal"};

    private static final String JVM_SCRATCH = "jvm-tmp";

    private final Path root;

    public DataDirectory(ObshellProperties properties) {
        this.root = createRoot(properties.dataDir().toAbsolutePath().normalize());
        secureDatabaseFiles(root);
        emptyScratchSpace(createScratchSpace(root.resolve("tmp")));
        createScratchSpace(jvmScratch());
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
     * them behind, and nothing else would ever remove them. Links among them are removed, never
     * followed.
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

    /** The libraries' own scratch space (see {@link #prepareJvmScratch}). */
    public Path jvmScratch() {
        return root.resolve(JVM_SCRATCH);
    }

    /** {@code obshell.data-dir} read before the application context (and its properties bean) exists. */
    static Path configured(Environment environment) {
        return Path.of(environment.getProperty("obshell.data-dir", "./obshell-data"));
    }

    /**
     * The libraries' own scratch space, {@code jvm-tmp}, emptied as {@code tmp} is: SQLite's JDBC
     * driver and the native RSA provider unpack their libraries there, and Jetty makes its
     * temporary directories there. Made before anything reads {@code java.io.tmpdir}
     * ({@link JvmScratchDirectory}), so it cannot wait for this bean.
     */
    static Path prepareJvmScratch(Path dataDir) {
        Path scratch = createScratchSpace(createRoot(dataDir.toAbsolutePath().normalize()).resolve(JVM_SCRATCH));
        emptyScratchSpace(scratch);
        return scratch;
    }

    /**
     * The database file of {@code dataDir}, made safe to open before this bean exists: the
     * process's own start opens the database ahead ({@link SqliteDatabase#openAhead}).
     */
    static Path prepareDatabase(Path dataDir) {
        Path root = createRoot(dataDir.toAbsolutePath().normalize());
        secureDatabaseFiles(root);
        return root.resolve("obshell.db");
    }

    /** The directory itself, by its real path, 0700. */
    private static Path createRoot(Path dir) {
        try {
            Path real = Files.createDirectories(dir).toRealPath();
            ownerOnly(real, OWNER_ONLY_DIR);
            return real;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
    }

    /** {@code tmp} must be a directory of ours: a link planted in its place is removed, not followed. */
    private static Path createScratchSpace(Path tmp) {
        try {
            if (Files.isSymbolicLink(tmp) || (Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(tmp, LinkOption.NOFOLLOW_LINKS))) {
                log.warn("{} was not a directory; replaced by an empty one", tmp);
                Files.delete(tmp);
            }
            Path created = Files.createDirectories(tmp);
            ownerOnly(created, OWNER_ONLY_DIR);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + tmp, e);
        }
    }

    /**
     * Creates the database file 0600 before SQLite first opens it, and tightens one an older
     * version left readable. A database that is a link is refused: SQLite would follow it.
     */
    private static void secureDatabaseFiles(Path root) {
        for (String name : DATABASE_FILES) {
            Path file = root.resolve(name);
            if (Files.isSymbolicLink(file)) {
                throw new IllegalStateException("refusing to start: " + file
                        + " is a symbolic link; the database must be a file of the data directory");
            }
            try {
                if ((name.equals("obshell.db") || name.equals(SqliteDatabase.PACKAGES_FILE)) && !Files.exists(file)) {
                    createOwnerOnlyFile(file);
                } else if (Files.exists(file)) {
                    ownerOnly(file, OWNER_ONLY_FILE);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot secure " + file, e);
            }
        }
    }

    private static void createOwnerOnlyFile(Path file) throws IOException {
        try {
            if (posix(file.getParent())) {
                FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE);
                Files.createFile(file, mode);
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // Created meanwhile by another start: tighten it below.
        }
        ownerOnly(file, OWNER_ONLY_FILE);
    }

    /** On a file system without POSIX modes (Windows) there is nothing to set. */
    private static void ownerOnly(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (!posix(path)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(path, mode);
        } catch (IOException | SecurityException e) {
            log.warn("cannot make {} accessible to its owner only ({}): {}", path, PosixFilePermissions.toString(mode),
                    e.toString());
        }
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }
}
