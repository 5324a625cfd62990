package io.obshell.emulator.obproxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import io.obshell.emulator.ObshellProperties;
import io.obshell.emulator.Resettable;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.agent.ObproxyPresence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one ODP this agent manages: the persisted model plus its home in the sandbox
 * ({@code bin/obproxy}, {@code etc/}, {@code run/obproxy.pid}). Created from configuration on
 * the first start, kept across restarts after that.
 */
@Component
public class ManagedObproxy implements ObproxyPresence, Resettable {

    private static final Logger log = LoggerFactory.getLogger(ManagedObproxy.class);
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

    ManagedObproxy(ObproxyStore store, Sandbox sandbox, ObshellProperties properties,
            PlatformTransactionManager transactions) {
        this.store = store;
        this.sandbox = sandbox;
        this.initial = properties.obproxy();
        this.transaction = new TransactionTemplate(transactions);
        Obproxy stored = store.load();
        if (stored == null) {
            replace(configured());
        } else {
            // A process killed mid-reset or mid-layout left the home half made: lay it out again.
            try {
                exclusively(() -> layOutHome(stored));
            } catch (UncheckedIOException e) {
                log.warn("cannot lay out the ODP home {}: {}", stored.homePath(), e.getCause().getMessage());
            }
        }
    }

    public Obproxy get() {
        return store.load();
    }

    @Override
    public int resetOrder() {
        return OBPROXY;
    }

    /** The configured initial state, its sandbox home laid out anew. */
    @Override
    public void reset() {
        replace(configured());
    }

    private Obproxy configured() {
        return new Obproxy(initial.managed(), initial.running(), initial.version(), initial.homePath(),
                initial.sqlPort(), initial.running() ? newPid() : 0);
    }

    /**
     * Puts the ODP in the given state (the control plane's state route): saved, and its home
     * laid out in the sandbox, so a new home path has {@code bin/obproxy}, {@code etc/} and the
     * pid file a real ODP home would have.
     */
    public void replace(Obproxy obproxy) {
        exclusively(() -> transaction.executeWithoutResult(status -> {
            store.save(obproxy);
            layOutHome(obproxy);
        }));
    }

    /** A new model state (a restart, a new version) with its pid file. */
    public void save(Obproxy obproxy) {
        exclusively(() -> transaction.executeWithoutResult(status -> {
            store.save(obproxy);
            writePidFile(obproxy);
        }));
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

    @Override
    public String homePath() {
        Obproxy obproxy = get();
        return obproxy.managed() ? obproxy.homePath() : "";
    }

    /** The home directory inside the sandbox. */
    public Path home() {
        return sandbox.resolve(get().homePath());
    }

    /** A file of the home, by its path relative to the home ({@code bin/obproxy}), checked by the sandbox. */
    public Path file(String relative) {
        return sandbox.resolve(homeFile(get(), relative));
    }

    /** A pid for a freshly started ODP process. */
    public static long newPid() {
        return ThreadLocalRandom.current().nextLong(10_000, 4_000_000);
    }

    static String homeFile(Obproxy obproxy, String relative) {
        return obproxy.homePath() + "/" + relative;
    }

    private void layOutHome(Obproxy obproxy) {
        try {
            Files.createDirectories(sandbox.resolve(homeFile(obproxy, "bin")));
            Files.createDirectories(sandbox.resolve(homeFile(obproxy, "etc")));
            Files.createDirectories(sandbox.resolve(homeFile(obproxy, "run")));
            Path binary = sandbox.resolve(homeFile(obproxy, "bin/obproxy"));
            if (!Files.exists(binary, LinkOption.NOFOLLOW_LINKS)) {
                sandbox.writeAtomically(homeFile(obproxy, "bin/obproxy"), "obproxy " + obproxy.version() + "\n");
            }
            Path configDb = sandbox.resolve(homeFile(obproxy, "etc/proxyconfig.db"));
            if (!Files.exists(configDb, LinkOption.NOFOLLOW_LINKS)) {
                sandbox.writeAtomically(homeFile(obproxy, "etc/proxyconfig.db"), "proxyconfig\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(sandboxed(e));
        }
        writePidFile(obproxy);
    }

    /** Written whole or not at all: a reader never sees an empty pid file. */
    private void writePidFile(Obproxy obproxy) {
        String pidFile = homeFile(obproxy, PID_FILE);
        try {
            if (obproxy.running()) {
                sandbox.writeAtomically(pidFile, Long.toString(obproxy.pid()));
            } else {
                Files.deleteIfExists(sandbox.resolve(pidFile));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(sandboxed(e));
        }
    }

    /** The JDK names the real path; the message a client may see names its own. */
    private IOException sandboxed(IOException e) {
        String root = sandbox.root().toString();
        return new IOException(String.valueOf(e.getMessage()).replace(root + "/", "/").replace(root, "/"), e);
    }
}
