package io.obshell.emulator.obproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.obshell.emulator.ObshellProperties;
import io.obshell.emulator.Resettable;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.agent.ObproxyPresence;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.FileSystemUtils;

/**
 * The one ODP this agent manages, or the one installed here for it to take over: the persisted
 * model plus its home in the sandbox ({@code bin/obproxy}, {@code lib/}, {@code etc/},
 * {@code run/obproxy.pid}). Created from configuration on the first start (a managed ODP gets a
 * deployed home, an unmanaged one a fresh install), kept across restarts after that.
 */
@Component
public class ManagedObproxy implements ObproxyPresence, Resettable {

    /** What {@code bin/obproxy -V} may print at most, as far as the emulator reads it. */
    static final int MAX_VERSION_OUTPUT = 64 * 1024;

    private final ObproxyStore store;
    private final Sandbox sandbox;
    private final ObshellProperties.Obproxy initial;

    ManagedObproxy(ObproxyStore store, Sandbox sandbox, ObshellProperties properties) {
        this.store = store;
        this.sandbox = sandbox;
        this.initial = properties.obproxy();
        if (store.load() == null) {
            Obproxy configured = configured();
            store.save(configured);
            layOut(configured, configured.managed() ? HomeLayout.DEPLOYED : HomeLayout.INSTALLED, null);
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
    @Transactional
    public void reset() {
        Obproxy configured = configured();
        store.save(configured);
        layOut(configured, configured.managed() ? HomeLayout.DEPLOYED : HomeLayout.INSTALLED, null);
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
    @Transactional
    public void replace(Obproxy obproxy) {
        store.save(obproxy);
        completeDeployedHome(obproxy);
        writePidFile(obproxy);
    }

    /**
     * Puts the ODP in the given state with its home laid out afresh: whatever was there goes,
     * then {@code layout} is built; {@code versionOutput} (null: the version's own) is what
     * {@code bin/obproxy -V} prints.
     */
    @Transactional
    public void replace(Obproxy obproxy, HomeLayout layout, String versionOutput) {
        store.save(obproxy);
        layOut(obproxy, layout, versionOutput);
    }

    @Transactional
    public void save(Obproxy obproxy) {
        store.save(obproxy);
        writePidFile(obproxy);
    }

    /** Saves the model and leaves the pid file as it is (obshell's stop does not remove it). */
    @Transactional
    public void saveKeepingPidFile(Obproxy obproxy) {
        store.save(obproxy);
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
     * The pid in {@code <home>/run/obproxy.pid} as obshell's getPid reads it: 0 when the file is
     * missing; a file that holds no number fails with Go's Atoi text, a plain Go error.
     */
    long pidFileValue(String homePath) throws IOException {
        Path pidFile = sandbox.resolve(homePath).resolve("run/obproxy.pid");
        String text;
        try {
            text = Files.readString(pidFile, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return 0;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("strconv.Atoi: parsing \"" + text + "\": invalid syntax");
        }
    }

    /** Writes {@code <home>/run/obproxy.pid} as obshell's WritePidForce does after a start. */
    void writePid(String homePath, long pid) {
        Path pidFile = sandbox.resolve(homePath).resolve("run/obproxy.pid");
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, Long.toString(pid), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code bin/obproxy}'s {@code -V} output, bounded; null when there is no such file. */
    String runVersion(String homePath) throws IOException {
        Path binary = sandbox.resolve(homePath).resolve("bin/obproxy");
        if (!Files.isRegularFile(binary)) {
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
                FileSystemUtils.deleteRecursively(home);
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
                        Files.writeString(home.resolve("bin/obproxy"), output, StandardCharsets.UTF_8);
                    }
                    if (layout != HomeLayout.NO_LIB) {
                        Files.createDirectories(home.resolve("lib"));
                    }
                    Files.createDirectories(home.resolve("etc"));
                    if (layout == HomeLayout.ETC_NOT_EMPTY) {
                        Files.writeString(home.resolve("etc/proxyconfig.db"), "proxyconfig\n", StandardCharsets.UTF_8);
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
        Path home = sandbox.resolve(obproxy.homePath());
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Files.createDirectories(home.resolve("etc"));
        Files.createDirectories(home.resolve("run"));
        Path binary = home.resolve("bin/obproxy");
        if (!Files.exists(binary)) {
            Files.writeString(binary, output, StandardCharsets.UTF_8);
        }
        Path configDb = home.resolve("etc/proxyconfig.db");
        if (!Files.exists(configDb)) {
            Files.writeString(configDb, "proxyconfig\n", StandardCharsets.UTF_8);
        }
    }

    /** An unwritable home laid out earlier must be writable again before it can be replaced. */
    private static void makeWritable(Path home) throws IOException {
        if (Files.isDirectory(home) && !Files.isSymbolicLink(home)) {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private void writePidFile(Obproxy obproxy) {
        Path pidFile = sandbox.resolve(obproxy.homePath()).resolve("run/obproxy.pid");
        try {
            if (obproxy.running()) {
                Files.createDirectories(pidFile.getParent());
                Files.writeString(pidFile, Long.toString(obproxy.pid()), StandardCharsets.UTF_8);
            } else {
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
