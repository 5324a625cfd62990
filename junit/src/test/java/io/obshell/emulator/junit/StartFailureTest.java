package io.obshell.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way the emulator can fail to start is named, fast, instead of a timeout. */
class StartFailureTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearProperties() {
        System.clearProperty(ServerLocation.JAR_PROPERTY);
        System.clearProperty(JavaRuntime.PROPERTY);
        System.clearProperty("maven.repo.local");
    }

    private static EmulatorSettings settings(int port) {
        return new EmulatorSettings("test", Map.of(), port, null, false, List.of(), Duration.ofSeconds(30),
                EmulatorLifecycle.PER_CLASS, true, false);
    }

    @Test
    void aMissingJarSaysWhereItLookedAndHowToBuildIt() {
        System.setProperty("maven.repo.local", dir.resolve("empty-repo").toString());

        assertThatThrownBy(() -> EmulatorProcess.start(settings(0)))
                .isInstanceOf(EmulatorStartException.class)
                .hasMessageStartingWith("obshell-emulator server jar not found: " + dir.resolve("empty-repo")
                        .resolve("io/obshell/obshell-emulator"))
                .hasMessageContaining("Run `./mvnw install`");
    }

    @Test
    void aJarNamedByPropertyThatDoesNotExistIsNamed() {
        System.setProperty(ServerLocation.JAR_PROPERTY, dir.resolve("nope.jar").toString());

        assertThatThrownBy(() -> EmulatorProcess.start(settings(0)))
                .isInstanceOf(EmulatorStartException.class)
                .hasMessageContaining(dir.resolve("nope.jar") + " (from -Dobshell.emulator.jar)");
    }

    @Test
    void aTakenPortIsNamedBeforeAnythingStarts() throws IOException {
        System.setProperty(ServerLocation.JAR_PROPERTY, Files.writeString(dir.resolve("server.jar"), "x").toString());
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> EmulatorProcess.start(settings(port)))
                    .isInstanceOf(EmulatorStartException.class)
                    .hasMessageStartingWith("port " + port + " on 127.0.0.1 is already in use by another process");
        }
    }

    @Test
    void aJavaTooOldIsNamedWithItsVersion() throws IOException {
        Path home = dir.resolve("jdk-11");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"11.0.22\"\n");
        System.setProperty(JavaRuntime.PROPERTY, java.toString());

        assertThatThrownBy(() -> EmulatorProcess.start(settings(0)))
                .isInstanceOf(EmulatorStartException.class)
                .hasMessage("Java too old: the obshell emulator needs Java 17 or later, and " + java
                        + " is Java 11. Run the tests on Java 17+ or point -Dobshell.emulator.java at a newer JDK.");
    }

    @Test
    void aServerThatExitsEarlyIsReportedWithTheEndOfItsLog() throws IOException {
        System.setProperty(ServerLocation.JAR_PROPERTY, Files.writeString(dir.resolve("broken.jar"), "not a jar").toString());

        long started = System.nanoTime();
        assertThatThrownBy(() -> EmulatorProcess.start(settings(0)))
                .isInstanceOf(EmulatorStartException.class)
                .hasMessageContaining("the emulator exited with status 1 before it was ready")
                .hasMessageContaining("(server: " + dir.resolve("broken.jar") + ")")
                .hasMessageContaining("Invalid or corrupt jarfile");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }
}
