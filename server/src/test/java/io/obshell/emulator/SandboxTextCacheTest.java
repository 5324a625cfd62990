package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pid file's text kept between requests ({@link Sandbox.TextCache}) never changes an answer:
 * whatever changes the file on disk behind the cache, the next read gives what the disk holds now,
 * or refuses what the sandbox refuses. Caches here keep a file once its ctime is 50 ms old
 * (3 s in the server), so that a test need not wait for a file to age.
 */
class SandboxTextCacheTest {

    private static final String PID = "/home/admin/obproxy/run/obproxy.pid";

    @TempDir
    Path dataDir;
    @TempDir
    Path outside;

    Sandbox sandbox;
    Sandbox.TextCache cache;
    Path file;

    @BeforeEach
    void pidFile() throws Exception {
        sandbox = new Sandbox(new DataDirectory(new ObshellProperties(dataDir, null, null, null)));
        sandbox.writeAtomically(PID, "123456");
        file = sandbox.resolve(PID);
        cache = new Sandbox.TextCache(50);
    }

    /** Reads until the cache keeps the file (its ctime settled), and checks a read is then answered from it. */
    private void untilKept(String expected) throws IOException {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            assertThat(sandbox.readString(PID, cache)).isEqualTo(expected);
            return cache.keeps(file);
        });
        long hits = cache.hits();
        assertThat(sandbox.readString(PID, cache)).isEqualTo(expected);
        assertThat(cache.hits()).as("the kept text answers").isEqualTo(hits + 1);
    }

    @Test
    void anUnchangedFileIsAnsweredFromTheCache() throws Exception {
        untilKept("123456");
    }

    @Test
    void aFileRewrittenInPlaceWithTheSameLengthIsReadAgain() throws Exception {
        untilKept("123456");
        Files.writeString(file, "654321"); // same inode, same size: only ctime tells

        assertThat(sandbox.readString(PID, cache)).isEqualTo("654321");
    }

    @Test
    void aFileReplacedByAnotherIsReadAgain() throws Exception {
        untilKept("123456");
        Path other = Files.writeString(file.resolveSibling("other"), "777777");
        Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(sandbox.readString(PID, cache)).isEqualTo("777777");
    }

    @Test
    void aFileDeletedIsMissing() throws Exception {
        untilKept("123456");
        Files.delete(file);

        assertThatThrownBy(() -> sandbox.readString(PID, cache)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aDirectoryInItsPlaceIsNoText() throws Exception {
        untilKept("123456");
        Files.delete(file);
        Files.createDirectory(file);

        assertThatThrownBy(() -> sandbox.readString(PID, cache)).isInstanceOf(IOException.class);
    }

    @Test
    void aLinkPlantedInItsPlaceIsRefused() throws Exception {
        untilKept("123456");
        Path target = Files.writeString(outside.resolve("pid"), "123456");
        Files.delete(file);
        Files.createSymbolicLink(file, target);

        assertThatThrownBy(() -> sandbox.readString(PID, cache)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(PID + ": too many levels of symbolic links");
    }

    @Test
    void aSecondNameGivenToTheFileIsRefused() throws Exception {
        untilKept("123456");
        Files.createLink(outside.resolve("second-name"), file);

        assertThatThrownBy(() -> sandbox.readString(PID, cache)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(PID + ": too many links");
    }

    @Test
    void aDirectoryOnTheWayReplacedByALinkToTheSameFileIsRefused() throws Exception {
        untilKept("123456");
        // The same inode, unchanged, reached through a link: still refused.
        Path run = file.getParent();
        Path moved = Files.move(run, run.resolveSibling("run-moved"));
        Files.createSymbolicLink(run, moved);

        assertThatThrownBy(() -> sandbox.readString(PID, cache)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("/home/admin/obproxy/run: too many levels of symbolic links");
    }

    @Test
    void aChangeOfModeAloneReadsAgainAndGivesTheSameText() throws Exception {
        untilKept("123456");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));

        long hits = cache.hits();
        assertThat(sandbox.readString(PID, cache)).isEqualTo("123456");
        assertThat(cache.hits()).isEqualTo(hits);
    }

    @Test
    void aFreshFileIsNotKept() throws Exception {
        Sandbox.TextCache server = new Sandbox.TextCache();
        sandbox.writeAtomically(PID, "424242");

        assertThat(sandbox.readString(PID, server)).isEqualTo("424242");
        assertThat(sandbox.readString(PID, server)).isEqualTo("424242");
        assertThat(server.keeps(file)).isFalse();
    }

    @Test
    void everyReadAfterRandomChangesGivesWhatTheDiskHolds() throws Exception {
        Random random = new Random(11);
        String expected = "123456";
        for (int round = 0; round < 12; round++) {
            untilKept(expected);
            String next = Integer.toString(100_000 + random.nextInt(900_000));
            switch (random.nextInt(3)) {
                case 0 -> Files.writeString(file, next);
                case 1 -> sandbox.writeAtomically(PID, next);
                default -> {
                    Files.delete(file);
                    Files.writeString(file, next);
                }
            }
            expected = next;
            assertThat(sandbox.readString(PID, cache)).isEqualTo(Files.readString(file)).isEqualTo(expected);
        }
    }
}
