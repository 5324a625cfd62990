package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.obshell.emulator.client.EmulatorControl;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/obshell-emulator against the jar this build packaged (so a failsafe test, after
 * {@code package}): it prints the URL once the emulator answers, passes every argument on as a
 * configuration key, stops the server with itself, and names a port that is taken.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("").toAbsolutePath().getParent().resolve("bin/obshell-emulator");

    @TempDir
    Path dir;

    private Process launcher;

    @AfterEach
    void stop() {
        if (launcher != null) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    @Test
    void printsTheUrlOnceReadyPassesConfigurationOnAndStopsTheServerWithIt() throws Exception {
        launcher = launch("--server.port=0", "--obshell.data-dir=" + dir.resolve("data"),
                "--obshell.agent.password=Launch#Pwd1", "--obshell.agent.version=4.3.1.0");
        BufferedReader stdout = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
        String url = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(120, TimeUnit.SECONDS);

        assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+");
        URI base = URI.create(url);
        // ready means answering: no wait between the URL and the first request
        assertThat(EmulatorControl.connect(base).health().status()).isEqualTo("UP");
        ObshellClient client = ObshellClient.create(base, "Launch#Pwd1");
        assertThat(client.get("/api/v1/info").data().path("version").asString()).isEqualTo("4.3.1.0");
        assertThat(client.get("/api/v1/obproxy/upgrade").status()).isNotEqualTo(401);
        assertThat(Files.isDirectory(dir.resolve("data"))).isTrue();
        List<ProcessHandle> servers = launcher.descendants().toList();
        assertThat(servers).isNotEmpty();

        launcher.destroy(); // SIGTERM, as pytest's terminate() and Go's Process.Signal send it
        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> servers.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(listening(base.getPort())).isFalse();
        assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("Started EmulatorApplication");
    }

    @Test
    void aTakenPortIsNamedAndNothingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            launcher = launch("--server.port=" + port, "--obshell.data-dir=" + dir.resolve("data"));

            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(launcher.exitValue()).isEqualTo(1);
            assertThat(new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
            assertThat(Files.readString(dir.resolve("stderr.txt"))).isEqualTo("obshell-emulator: port " + port
                    + " on 127.0.0.1 is already in use: stop what holds it, or pass --server.port=N (0: any free port)\n");
        }
    }

    @Test
    void anArgumentThatIsNotAKeyIsAUsageError() throws Exception {
        launcher = launch("server.port=0");

        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("arguments are configuration keys, --key=value");
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
