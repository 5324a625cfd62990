package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's writes that spare a DAG step the disk's wait: {@link Sandbox#discardTree} and
 * {@link Sandbox#rewrite} look to every reader as their slow counterparts do, and neither
 * follows a planted link.
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

    @Test
    void aRewrittenFileHoldsTheNewContentAndNothingIsLeftBeside() throws IOException {
        Sandbox sandbox = sandbox();
        sandbox.rewrite("/home/admin/obproxy/run/obproxy.pid", "12345");
        sandbox.rewrite("/home/admin/obproxy/run/obproxy.pid", "678");

        Path run = sandbox.resolve("/home/admin/obproxy/run");
        assertThat(run.resolve("obproxy.pid")).hasContent("678");
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files).containsExactly(run.resolve("obproxy.pid"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> scratchEntries(dataDir.resolve("tmp")) == 0);
    }

    @Test
    void aRewriteRefusesAPlantedLinkAndNeverWritesThroughIt() throws IOException {
        Sandbox sandbox = sandbox();
        Path target = Files.writeString(outside.resolve("target"), "not ours");
        Path run = Files.createDirectories(sandbox.root().resolve("home/admin/obproxy/run"));
        Files.createSymbolicLink(run.resolve("obproxy.pid"), target);

        assertThatThrownBy(() -> sandbox.rewrite("/home/admin/obproxy/run/obproxy.pid", "4242"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("/home/admin/obproxy/run/obproxy.pid: too many levels of symbolic links");
        assertThat(target).hasContent("not ours");
        assertThat(Files.isSymbolicLink(run.resolve("obproxy.pid"))).isTrue();
    }

    private static long scratchEntries(Path tmp) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.count();
        }
    }
}
