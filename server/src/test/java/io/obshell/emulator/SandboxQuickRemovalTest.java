package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Sandbox#discardTree} spares a DAG step the disk's wait and looks to every reader as
 * {@link Sandbox#deleteTree} does; it never follows a planted link.
 */
class SandboxQuickRemovalTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path outside;

    private Sandbox sandbox() {
        return new Sandbox(new DataDirectory(new ObshellProperties(dataDir, null, null, null)));
    }

    @Test
    void aDiscardedTreeIsGoneAtOnceAndDeletedInTheBackgroundWithoutFollowingLinks() throws IOException {
        Sandbox sandbox = sandbox();
        Path kept = Files.writeString(outside.resolve("kept"), "not ours");
        Path tree = Files.createDirectories(sandbox.resolve("/up/x86_64/4.3.3.0"));
        Files.writeString(tree.resolve("obproxy-ce.rpm"), "rpm");
        Files.createDirectories(sandbox.resolve("/up/backup"));
        Files.createSymbolicLink(sandbox.root().resolve("up/backup/planted"), outside);

        sandbox.discardTree("/up");

        assertThat(sandbox.root().resolve("up")).doesNotExist();
        await().atMost(Duration.ofSeconds(10)).until(() -> scratchEntries(dataDir.resolve("tmp")) == 0);
        assertThat(kept).hasContent("not ours");
        assertThat(outside).isDirectory();
    }

    @Test
    void discardingWhatIsNotThereDoesNothing() throws IOException {
        Sandbox sandbox = sandbox();
        sandbox.discardTree("/nothing/here");
        assertThat(scratchEntries(dataDir.resolve("tmp"))).isZero();
    }

    private static long scratchEntries(Path tmp) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.count();
        }
    }
}
