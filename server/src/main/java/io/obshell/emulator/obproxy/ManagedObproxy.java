package io.obshell.emulator.obproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import io.obshell.emulator.ObshellProperties;
import io.obshell.emulator.Resettable;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.agent.ObproxyPresence;
import io.obshell.emulator.secure.GoParseInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one ODP this agent manages, or the one installed here for it to take over: the persisted
 * model plus its home in the sandbox ({@code bin/obproxy}, {@code lib/}, {@code etc/},
 * {@code run/obproxy.pid}). Created from configuration on the first start (a managed ODP gets a
 * deployed home, an unmanaged one a fresh install), kept across restarts after that.
 */
@Component
public class ManagedObproxy implements ObproxyPresence, Resettable {

    private static final Logger log = LoggerFactory.getLogger(ManagedObproxy.class);
    /** What {@code bin/obproxy -V} may print at most, as far as the emulator reads it. */
    static final int MAX_VERSION_OUTPUT = 64 * 1024;
    static final String PID_FILE = "run/obproxy.pid";

    private final ObproxyStore store;
    private final Sandbox sandbox;
    private final ObshellProperties.Obproxy initial;
    private final TransactionTemplate transaction;
    /**
     * The model and its home change together: a reader holding the read lock sees a pid file
     * that matches the committed model (never one written for a model not yet committed).
     * Always taken before any database transaction, never inside one.
     */
    private final ReentrantReadWriteLock state = new ReentrantReadWriteLock(true);
    /**
     * The committed model, kept in memory: {@code /api/v1/info} and every upgrade request read
     * it, and it changes only through this class. Null while unknown or while a write is open.
     */
    private volatile Obproxy cached;
    /**
     * The pid file's text: every upgrade request checks the process before the version, as
     * obshell's UpgradeObproxy does, and the file is rewritten only when the ODP (re)starts. Kept
     * by the file's stamp, not by our own writes: a test or user may change it on disk at any time.
     */
    private final Sandbox.TextCache pidFileText = new Sandbox.TextCache();
    private int openWrites;
    private long generation;

    ManagedObproxy(ObproxyStore store, Sandbox sandbox, ObshellProperties properties,
            PlatformTransactionManager transactions) {
        this.store = store;
        this.sandbox = sandbox;
        this.initial = properties.obproxy();
        this.transaction = new TransactionTemplate(transactions);
        Obproxy stored = store.load();
        if (stored == null) {
            Obproxy configured = configured();
            store.save(configured);
            layOut(configured, configured.managed() ? HomeLayout.DEPLOYED : HomeLayout.INSTALLED, null);
        } else if (stored.managed() && stored.running()) {
            // A process killed mid-reset or mid-layout left the home half made: complete it.
            try {
                completeDeployedHome(stored);
                if (!Files.exists(sandbox.resolve(homeFile(stored, PID_FILE)), LinkOption.NOFOLLOW_LINKS)) {
                    writePidFile(stored);
                }
            } catch (UncheckedIOException e) {
                log.warn("cannot complete the ODP home {}: {}", stored.homePath(), e.getCause().getMessage());
            }
        }
    }

    public Obproxy get() {
        Obproxy model = cached;
        if (model != null) {
            return model;
        }
        long seen;
        synchronized (this) {
            seen = generation;
        }
        model = store.load();
        synchronized (this) {
            // Only a committed value, read after the last write ended, may be kept.
            if (openWrites == 0 && generation == seen) {
                cached = model;
            }
        }
        return model;
    }

    /**
     * Forgets the kept model while {@code write} runs and until its transaction (if any) ends,
     * so no reader keeps a value that is uncommitted or rolled back.
     */
    private void writing(Runnable write) {
        synchronized (this) {
            openWrites++;
            generation++;
            cached = null;
        }
        boolean deferred = false;
        try {
            write.run();
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        writeEnded();
                    }
                });
                deferred = true;
            }
        } finally {
            if (!deferred) {
                writeEnded();
            }
        }
    }

    private synchronized void writeEnded() {
        openWrites--;
        generation++;
        cached = null;
    }

    @Override
    public int resetOrder() {
        return OBPROXY;
    }

    /** The configured initial state, its sandbox home laid out anew. */
    @Override
    public void reset() {
        Obproxy configured = configured();
        changing(() -> {
            writing(() -> store.save(configured));
            layOut(configured, configured.managed() ? HomeLayout.DEPLOYED : HomeLayout.INSTALLED, null);
        });
    }

    /** An unmanaged ODP has never been started by this agent: no process, no SQL port yet. */
    private Obproxy configured() {
        if (!initial.managed()) {
            return new Obproxy(false, false, initial.version(), initial.homePath(), 0, 0);
        }
        return new Obproxy(true, initial.running(), initial.version(), initial.homePath(), initial.sqlPort(),
                initial.running() ? newPid() : 0);
    }

    /**
     * Puts the ODP in the given state (the control plane's state route): saved, and its home
     * given what a deployed home has, so a new home path has {@code bin/obproxy}, {@code lib/},
     * {@code etc/} and the pid file a real ODP home would have. Nothing already there is removed.
     */
    public void replace(Obproxy obproxy) {
        changing(() -> {
            writing(() -> store.save(obproxy));
            completeDeployedHome(obproxy);
            writePidFile(obproxy);
        });
    }

    /**
     * Puts the ODP in the given state with its home laid out afresh: whatever was there goes,
     * then {@code layout} is built; {@code versionOutput} (null: the version's own) is what
     * {@code bin/obproxy -V} prints.
     */
    public void replace(Obproxy obproxy, HomeLayout layout, String versionOutput) {
        changing(() -> {
            writing(() -> store.save(obproxy));
            layOut(obproxy, layout, versionOutput);
        });
    }

    /**
     * A new model state (a restart, a new version) with its pid file. The model as it already is
     * (the upgrade's wait saves it once more after the hot restart) is not written again.
     */
    public void save(Obproxy obproxy) {
        changing(() -> {
            Obproxy stored = get();
            if (!obproxy.equals(stored)) {
                writing(() -> store.save(obproxy, stored));
            }
            writePidFile(obproxy);
        });
    }

    /** Saves the model and leaves the pid file as it is (obshell's stop does not remove it). */
    public void saveKeepingPidFile(Obproxy obproxy) {
        changing(() -> writing(() -> store.save(obproxy)));
    }

    /** One change of model and files: under the write lock, in one transaction (joining the caller's). */
    private void changing(Runnable change) {
        exclusively(() -> transaction.executeWithoutResult(status -> change.run()));
    }

    /**
     * Runs {@code action} while nobody else changes the ODP (the emulator reset holds this
     * around its whole transaction, so a reader never sees the sandbox emptied under a model
     * that still names a running process).
     */
    public void exclusively(Runnable action) {
        state.writeLock().lock();
        try {
            action.run();
        } finally {
            state.writeLock().unlock();
        }
    }

    /** Reads the model and its files as one consistent state. */
    <T> T consistently(Function<Obproxy, T> read) {
        state.readLock().lock();
        try {
            return read.apply(get());
        } finally {
            state.readLock().unlock();
        }
    }

    /** A file of the home, by its path relative to the home ({@code bin/obproxy}), checked by the sandbox. */
    public Path file(String relative) {
        return sandbox.resolve(homeFile(get(), relative));
    }

    static String homeFile(Obproxy obproxy, String relative) {
        return homeFile(obproxy.homePath(), relative);
    }

    static String homeFile(String homePath, String relative) {
        return homePath + "/" + relative;
    }

    @Override
    public String homePath() {
        Obproxy obproxy = get();
        return obproxy.managed() ? obproxy.homePath() : "";
    }

    /** The home directory inside the sandbox. */
    public Path home() {
        return sandbox.resolve(get().homePath());
    }

    /** A pid for a freshly started ODP process. */
    public static long newPid() {
        return ThreadLocalRandom.current().nextLong(10_000, 4_000_000);
    }

    /** What an ODP binary of this VERSION-BUILD prints for {@code -V}. */
    static String versionOutput(String version) {
        int dash = version.lastIndexOf('-');
        String number = dash < 0 ? version : version.substring(0, dash);
        String build = dash < 0 ? "1" : version.substring(dash + 1);
        return "obproxy (OceanBase " + number + " " + build + ")\n";
    }

    /**
     * The pid in {@code <home>/run/obproxy.pid} as obshell's getPid reads it (lib/process): 0
     * when the file is missing; else its text, white space trimmed as strings.TrimSpace does,
     * through strconv.Atoi (whose error, a plain Go error, fails the caller) and then cut to
     * an int32, as obshell keeps pids.
     */
    long pidFileValue(String homePath) throws IOException {
        String pidFile = homeFile(homePath, PID_FILE);
        String text;
        try {
            text = sandbox.readString(pidFile, pidFileText);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
            if (e instanceof IOException && Files.isDirectory(sandbox.resolve(pidFile), LinkOption.NOFOLLOW_LINKS)) {
                // os.ReadFile opens a directory and fails at its first read.
                throw new IOException("read " + pidFile + ": is a directory", cause);
            }
            // A planted link is refused; the message names the client's path, never the real one.
            String reason = cause instanceof FileSystemException failure && failure.getReason() != null
                    ? failure.getReason() : cause.getClass().getSimpleName();
            throw new IOException("open " + pidFile + ": " + reason, cause);
        }
        return (int) GoParseInt.atoi(ObproxyUpgrades.trimSpace(text), IOException::new);
    }

    /** Writes {@code <home>/run/obproxy.pid} as obshell's WritePidForce does after a start. */
    void writePid(String homePath, long pid) {
        try {
            sandbox.writeAtomically(homeFile(homePath, PID_FILE), Long.toString(pid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code bin/obproxy}'s {@code -V} output, bounded; null when there is no such file. */
    String runVersion(String homePath) throws IOException {
        Path binary = sandbox.resolve(homeFile(homePath, "bin/obproxy"));
        if (Files.isDirectory(binary, LinkOption.NOFOLLOW_LINKS)) {
            // execve of a directory fails with EACCES.
            throw new IOException("fork/exec ./bin/obproxy: permission denied");
        }
        if (!Files.isRegularFile(binary, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(binary)) {
            return new String(in.readNBytes(MAX_VERSION_OUTPUT), StandardCharsets.UTF_8);
        }
    }

    /** Whether the agent may write to this home: obshell's access(W_OK), as if it ran as its own user. */
    boolean writable(Path home) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(home);
        return permissions.contains(PosixFilePermission.OWNER_WRITE) && Files.isWritable(home);
    }

    private void layOut(Obproxy obproxy, HomeLayout layout, String versionOutput) {
        Path home = sandbox.resolve(obproxy.homePath());
        String output = versionOutput != null ? versionOutput : versionOutput(obproxy.version());
        try {
            if (Files.exists(home)) {
                makeWritable(home);
                sandbox.deleteTree(obproxy.homePath());
            }
            if (layout == HomeLayout.MISSING) {
                return;
            }
            Files.createDirectories(home);
            switch (layout) {
                case UNWRITABLE -> Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("r-xr-xr-x"));
                case DEPLOYED -> completeDeployedHome(obproxy, output);
                default -> {
                    if (layout != HomeLayout.NO_BIN) {
                        Files.createDirectories(home.resolve("bin"));
                    }
                    if (layout != HomeLayout.NO_BIN && layout != HomeLayout.BIN_EMPTY) {
                        Files.writeString(home.resolve("bin/obproxy"), output, StandardCharsets.UTF_8);
                    }
                    if (layout != HomeLayout.NO_LIB) {
                        Files.createDirectories(home.resolve("lib"));
                    }
                    if (layout == HomeLayout.ETC_FILE) {
                        Files.writeString(home.resolve("etc"), "", StandardCharsets.UTF_8);
                    } else {
                        Files.createDirectories(home.resolve("etc"));
                    }
                    if (layout == HomeLayout.ETC_NOT_EMPTY) {
                        Files.writeString(home.resolve("etc/proxyconfig.db"), "proxyconfig\n", StandardCharsets.UTF_8);
                    }
                    if (layout == HomeLayout.RUN_FILE) {
                        Files.writeString(home.resolve("run"), "", StandardCharsets.UTF_8);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (layout == HomeLayout.DEPLOYED) {
            writePidFile(obproxy);
        }
    }

    private void completeDeployedHome(Obproxy obproxy) {
        try {
            completeDeployedHome(obproxy, versionOutput(obproxy.version()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a deployed home has, each part made only if missing. */
    private void completeDeployedHome(Obproxy obproxy, String output) throws IOException {
        for (String dir : new String[] {"bin", "lib", "etc", "run"}) {
            Files.createDirectories(sandbox.resolve(homeFile(obproxy, dir)));
        }
        if (!Files.exists(sandbox.resolve(homeFile(obproxy, "bin/obproxy")), LinkOption.NOFOLLOW_LINKS)) {
            sandbox.writeAtomically(homeFile(obproxy, "bin/obproxy"), output);
        }
        if (!Files.exists(sandbox.resolve(homeFile(obproxy, "etc/proxyconfig.db")), LinkOption.NOFOLLOW_LINKS)) {
            sandbox.writeAtomically(homeFile(obproxy, "etc/proxyconfig.db"), "proxyconfig\n");
        }
    }

    /** Whether the file is a plain file of ours holding exactly {@code content} (a planted link never does). */
    private boolean holds(String clientPath, String content) {
        byte[] expected = content.getBytes(StandardCharsets.UTF_8);
        try {
            Path file = sandbox.resolve(clientPath);
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == expected.length
                    && Arrays.equals(Files.readAllBytes(file), expected);
        } catch (IOException | UncheckedIOException unreadable) {
            return false;
        }
    }

    /** An unwritable home laid out earlier must be writable again before it can be replaced. */
    private static void makeWritable(Path home) throws IOException {
        if (Files.isDirectory(home) && !Files.isSymbolicLink(home)) {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /**
     * Written whole or not at all: a reader never sees an empty pid file. A pid file that already
     * holds the pid is left alone: the upgrade saves the unchanged ODP once more after its hot
     * restart, and replacing a file costs milliseconds of I/O wait on ext4 (auto_da_alloc
     * flushes a file renamed over another).
     */
    private void writePidFile(Obproxy obproxy) {
        String pidFile = homeFile(obproxy, PID_FILE);
        try {
            if (obproxy.running()) {
                if (holds(pidFile, Long.toString(obproxy.pid()))) {
                    return;
                }
                sandbox.writeAtomically(pidFile, Long.toString(obproxy.pid()));
            } else {
                Files.deleteIfExists(sandbox.resolve(pidFile));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
