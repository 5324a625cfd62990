package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.junit.ObshellEmulator;
import io.obshell.emulator.junit.ObshellEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The emulator's own process (started through {@code main}, as the launcher and the JUnit
 * extension start it) writes nothing outside its data directory: the JVM's temporary directory
 * given to it stays empty while the SQLite driver, the crypto providers and Jetty start and
 * serve, and their files are in the data directory's {@code jvm-tmp} instead.
 */
class JvmScratchDirectoryTest {

    private static final Path OUTSIDE = outside();

    @RegisterExtension
    static ObshellEmulatorExtension emulator = ObshellEmulatorExtension.builder()
            .agentPassword("Scratch#Pwd1")
            .jvmArgs("-Djava.io.tmpdir=" + OUTSIDE)
            .build();

    @Test
    void librariesUnpackIntoTheDataDirectoryNotTheJvmTemporaryDirectory(ObshellEmulator running, ObshellClient client)
            throws IOException {
        // an authenticated request: the agent key, the native RSA provider and the database all ran
        assertThat(client.get("/api/v1/secret").status()).isEqualTo(200);
        assertThat(client.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3.2.0\",\"release\":\"26.el7\"}").status())
                .isEqualTo(400);

        assertThat(list(OUTSIDE)).isEmpty();
        assertThat(list(running.dataDir().resolve("jvm-tmp")))
                .anySatisfy(name -> assertThat(name).startsWith("sqlite-"));
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(path -> path.getFileName().toString()).toList();
        }
    }

    private static Path outside() {
        try {
            return Files.createTempDirectory("jvm-tmpdir-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
