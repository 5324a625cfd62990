package io.obshell.emulator.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.obshell.emulator.client.EmulatorControl;
import io.obshell.emulator.client.ObshellClient;

/**
 * One emulator in a process of its own: the server never shares the test's class loader, so a
 * user's Spring Boot 3, Jackson 2 or anything else on the test classpath cannot clash with it,
 * and a test can kill it as a crash would. It starts on port 0 (or the fixed port asked for) and
 * is ready when it writes its port to {@code obshell.emulator.port-file}.
 */
final class EmulatorProcess implements StandaloneEmulator {

    /** JVM options for a short-lived test server: fast start (C1 only) and no half-dead JVM after an OOM. */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
    static final String AOT_OPTION = "-Dspring.aot.enabled";
    private static final int LOG_TAIL_LINES = 40;

    private final EmulatorSettings settings;
    private final Path home;
    private final Path dataDir;
    private final Path log;
    private final Path portFile;
    private final ServerLocation server;
    private final JavaRuntime java;
    private final Thread shutdownHook;
    private volatile Process process;
    private volatile int port;
    private volatile ObshellClient client;
    private volatile EmulatorControl control;

    private EmulatorProcess(EmulatorSettings settings, Path home, ServerLocation server, JavaRuntime java) {
        this.settings = settings;
        this.home = home;
        this.dataDir = settings.dataDir() != null ? settings.dataDir().toAbsolutePath() : home.resolve("data");
        this.log = home.resolve("emulator.log");
        this.portFile = home.resolve("emulator.port");
        this.server = server;
        this.java = java;
        this.shutdownHook = new Thread(this::abandon, "obshell-emulator-stop");
    }

    static EmulatorProcess start(EmulatorSettings settings) {
        return start(settings, ServerLocation.find());
    }

    static EmulatorProcess start(EmulatorSettings settings, ServerLocation server) {
        JavaRuntime java = JavaRuntime.find();
        Path home;
        try {
            home = Files.createTempDirectory("obshell-emulator-");
        } catch (IOException e) {
            throw new EmulatorStartException("cannot create a directory for the emulator: " + e.getMessage(), e);
        }
        EmulatorProcess emulator = new EmulatorProcess(settings, home, server, java);
        Runtime.getRuntime().addShutdownHook(emulator.shutdownHook);
        try {
            emulator.launch(settings.port());
            return emulator;
        } catch (RuntimeException | Error e) {
            emulator.close();
            throw e;
        }
    }

    private void launch(int requestedPort) {
        if (requestedPort != 0) {
            checkPortFree(settings.address(), requestedPort);
        }
        List<String> command = new ArrayList<>();
        command.add(java.executable().toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(settings.jvmArgs());
        if (server.aot() && settings.jvmArgs().stream().noneMatch(arg -> arg.startsWith(AOT_OPTION))) {
            // Spring AOT's bean definitions, made when the jar was built: the start skips most of its
            // reflection (about a sixth of its CPU). A test that passes -Dspring.aot.enabled=false
            // keeps full run-time condition evaluation, e.g. for spring.* keys that switch
            // auto-configurations.
            command.add(AOT_OPTION + "=true");
        }
        command.addAll(server.launch());
        command.add("--server.port=" + requestedPort);
        command.add("--obshell.data-dir=" + dataDir);
        command.add("--obshell.emulator.port-file=" + portFile);
        if (settings.agentPassword() != null) {
            command.add("--obshell.agent.password=" + settings.agentPassword());
        }
        for (Map.Entry<String, String> property : settings.properties().entrySet()) {
            command.add("--" + property.getKey() + "=" + property.getValue());
        }
        try {
            Files.deleteIfExists(portFile);
            process = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new EmulatorStartException("cannot start " + java.executable() + ": " + e.getMessage(), e);
        }
        port = awaitPort(requestedPort);
        URI base = URI.create("http://" + hostFor(settings.address()) + ":" + port);
        client = ObshellClient.create(base, settings.agentPassword());
        control = EmulatorControl.connect(base, settings.controlToken());
    }

    private int awaitPort(int requestedPort) {
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        while (true) {
            if (Files.isRegularFile(portFile)) {
                try {
                    return Integer.parseInt(Files.readString(portFile).trim());
                } catch (IOException | NumberFormatException e) {
                    // written atomically, so only a foreign file gets here: wait for ours
                }
            }
            if (!process.isAlive()) {
                throw new EmulatorStartException(diagnose(requestedPort, "the emulator exited with status "
                        + process.exitValue() + " before it was ready"));
            }
            if (System.nanoTime() > deadline) {
                destroyNow();
                throw new EmulatorStartException(diagnose(requestedPort, "the emulator was not ready after "
                        + settings.startupTimeout().toSeconds() + " s"));
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                destroyNow();
                throw new EmulatorStartException("interrupted while the emulator was starting");
            }
        }
    }

    /** The cause a user can act on, read from the log when it is one we know; else the log's end. */
    private String diagnose(int requestedPort, String what) {
        String tail = logTail();
        if (tail.contains("already in use")) {
            return portTaken(settings.address(), requestedPort);
        }
        if (tail.contains("UnsupportedClassVersionError") || tail.contains("compiled by a more recent version")) {
            return JavaRuntime.tooOld(java.executable(), "older than " + JavaRuntime.REQUIRED);
        }
        return what + " (server: " + server.description() + "). Last lines of " + log + ":\n" + tail;
    }

    private static void checkPortFree(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        } catch (BindException e) {
            throw new EmulatorStartException(portTaken(address, port));
        } catch (IOException e) {
            throw new EmulatorStartException("cannot check port " + port + " on " + address + ": " + e.getMessage(), e);
        }
    }

    static String portTaken(String address, int port) {
        return "port " + port + " on " + address + " is already in use by another process: stop it, choose another "
                + "port, or let the extension pick a free one (port 0, the default)";
    }

    private static String hostFor(String address) {
        return "0.0.0.0".equals(address) || "::".equals(address) ? "127.0.0.1"
                : address.contains(":") ? "[" + address + "]" : address;
    }

    private String logTail() {
        try {
            if (!Files.exists(log)) {
                return "(no output)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }

    @Override
    public URI baseUri() {
        return control.baseUri();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public ObshellClient client() {
        return client;
    }

    @Override
    public ObshellClient client(String agentPassword) {
        return ObshellClient.create(baseUri(), agentPassword);
    }

    @Override
    public EmulatorControl control() {
        return control;
    }

    @Override
    public synchronized void restart() {
        stop(false);
        launch(port);
    }

    @Override
    public synchronized void killAndRestart() {
        stop(true);
        launch(port);
    }

    private void stop(boolean kill) {
        Process running = process;
        if (running == null) {
            return;
        }
        try {
            if (kill) {
                running.destroyForcibly().waitFor();
            } else {
                running.destroy();
                if (!running.waitFor(10, TimeUnit.SECONDS)) {
                    running.destroyForcibly().waitFor();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
        }
    }

    /** At JVM exit, for an emulator no test closed (a killed or crashed test run). */
    private void abandon() {
        Process running = process;
        if (running != null) {
            try {
                running.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!settings.keepDataDir()) {
            deleteTree(home);
        }
    }

    private void destroyNow() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    @Override
    public synchronized void close() {
        stop(false);
        process = null;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        if (settings.keepDataDir()) {
            System.out.println("obshell-emulator: data kept in " + dataDir + ", log in " + log);
        } else {
            deleteTree(home);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("obshell-emulator: cannot delete " + root + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "obshell-emulator at " + (control == null ? "(not started)" : baseUri()) + ", data in " + dataDir;
    }
}
