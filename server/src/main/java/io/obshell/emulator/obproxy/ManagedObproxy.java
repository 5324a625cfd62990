package io.obshell.emulator.obproxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import io.obshell.emulator.ObshellProperties;
import io.obshell.emulator.Resettable;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.agent.ObproxyPresence;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one ODP this agent manages: the persisted model plus its home in the sandbox
 * ({@code bin/obproxy}, {@code etc/}, {@code run/obproxy.pid}). Created from configuration on
 * the first start, kept across restarts after that.
 */
@Component
public class ManagedObproxy implements ObproxyPresence, Resettable {

    private final ObproxyStore store;
    private final Sandbox sandbox;
    private final ObshellProperties.Obproxy initial;
    /**
     * The committed model, kept in memory: {@code /api/v1/info} and every upgrade request read
     * it, and it changes only through this class. Null while unknown or while a write is open.
     */
    private volatile Obproxy cached;
    private int openWrites;
    private long generation;

    ManagedObproxy(ObproxyStore store, Sandbox sandbox, ObshellProperties properties) {
        this.store = store;
        this.sandbox = sandbox;
        this.initial = properties.obproxy();
        if (store.load() == null) {
            replace(configured());
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
    @Transactional
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
    // Called from the constructor too, where no transaction proxy applies; the rows are
    // independent upserts, so that first write needs none.
    @Transactional
    public void replace(Obproxy obproxy) {
        writing(() -> store.save(obproxy));
        layOutHome(obproxy);
    }

    @Transactional
    public void save(Obproxy obproxy) {
        writing(() -> store.save(obproxy));
        writePidFile(obproxy);
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

    private void layOutHome(Obproxy obproxy) {
        Path home = sandbox.resolve(obproxy.homePath());
        try {
            Files.createDirectories(home.resolve("bin"));
            Files.createDirectories(home.resolve("etc"));
            Files.createDirectories(home.resolve("run"));
            Path binary = home.resolve("bin/obproxy");
            if (!Files.exists(binary)) {
                Files.writeString(binary, "obproxy " + obproxy.version() + "\n", StandardCharsets.UTF_8);
            }
            Path configDb = home.resolve("etc/proxyconfig.db");
            if (!Files.exists(configDb)) {
                Files.writeString(configDb, "proxyconfig\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writePidFile(obproxy);
    }

    private void writePidFile(Obproxy obproxy) {
        Path pidFile = sandbox.resolve(obproxy.homePath()).resolve("run/obproxy.pid");
        try {
            Files.createDirectories(pidFile.getParent());
            if (obproxy.running()) {
                Files.writeString(pidFile, Long.toString(obproxy.pid()), StandardCharsets.UTF_8);
            } else {
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
