package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F7: links planted inside the data directory never make the sandbox read or write outside it,
 * and what they point at never reaches an error message.
 */
@Tag("reliability")
class SandboxLinksTest {

    private static final String SECRET = "outside-secret-content";

    @TempDir
    Path dataDir;
    @TempDir
    Path outside;

    Sandbox sandbox;
    Path secret;

    @BeforeEach
    void plant() throws Exception {
        sandbox = new Sandbox(new DataDirectory(new ObshellProperties(dataDir, null, null, null)));
        Files.createDirectories(sandbox.resolve("/home/admin/obproxy/run"));
        secret = Files.writeString(outside.resolve("secret.txt"), SECRET);
    }

    @Test
    void aLinkedFileIsRefusedForReadingWithTheClientPathAndNotItsContent() throws Exception {
        Files.createSymbolicLink(sandbox.root().resolve("home/admin/obproxy/run/obproxy.pid"), secret);

        assertThatThrownBy(() -> sandbox.readString("/home/admin/obproxy/run/obproxy.pid"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("/home/admin/obproxy/run/obproxy.pid: too many levels of symbolic links")
                .hasMessageNotContaining(SECRET).hasMessageNotContaining(dataDir.toString());
    }

    @Test
    void aLinkedDirectoryOnTheWayIsRefusedForWritingAndNothingOutsideChanges() throws Exception {
        Path run = sandbox.root().resolve("home/admin/obproxy/run");
        Files.delete(run);
        Files.createSymbolicLink(run, outside);

        assertThatThrownBy(() -> sandbox.writeAtomically("/home/admin/obproxy/run/obproxy.pid", "4242"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("/home/admin/obproxy/run: too many levels of symbolic links");
        assertThat(outside).isDirectoryNotContaining(path -> path.getFileName().toString().contains("obproxy"));
        assertThat(secret).hasContent(SECRET);
    }

    @Test
    void aHardLinkedFileIsRefusedAndNeverWrittenThrough() throws Exception {
        Path pid = sandbox.root().resolve("home/admin/obproxy/run/obproxy.pid");
        Files.createLink(pid, secret);

        assertThatThrownBy(() -> sandbox.readString("/home/admin/obproxy/run/obproxy.pid"))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("too many links")
                .hasMessageNotContaining(SECRET);
        assertThat(secret).hasContent(SECRET);
    }

    @Test
    void atomicWritesReplaceTheFileSoReadersNeverSeeItEmpty() throws Exception {
        sandbox.writeAtomically("/home/admin/obproxy/run/obproxy.pid", "1234");
        sandbox.writeAtomically("/home/admin/obproxy/run/obproxy.pid", "5678");

        assertThat(sandbox.readString("/home/admin/obproxy/run/obproxy.pid")).isEqualTo("5678");
        assertThat(sandbox.root().resolve("home/admin/obproxy/run")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void copyingATreeStopsAtALinkWithoutReadingIt() throws Exception {
        Path bin = Files.createDirectories(sandbox.resolve("/home/admin/obproxy/bin"));
        Files.writeString(bin.resolve("obproxy"), "binary");
        Files.createSymbolicLink(bin.resolve("stolen"), secret);

        assertThatThrownBy(() -> sandbox.copyTree("/home/admin/obproxy/bin", "/backup"))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("/home/admin/obproxy/bin/stolen: too many levels of symbolic links");
        assertThat(sandbox.root().resolve("backup/stolen")).doesNotExist();
    }

    @Test
    void deletingATreeOrResettingRemovesLinksButNotWhatTheyPointAt() throws Exception {
        Path dir = Files.createDirectories(sandbox.resolve("/upgrade/x"));
        Files.createSymbolicLink(dir.resolve("to-outside"), outside);
        Files.createSymbolicLink(sandbox.root().resolve("home/admin/linked-secret"), secret);

        sandbox.deleteTree("/upgrade");
        sandbox.reset();

        assertThat(secret).hasContent(SECRET);
        assertThat(sandbox.root()).isEmptyDirectory();
    }

    @Test
    void theSandboxRootPlantedAsALinkIsRemovedByAResetNotEmptiedThrough() throws Exception {
        sandbox.reset();
        Files.delete(sandbox.root());
        Files.createSymbolicLink(sandbox.root(), outside);

        assertThatThrownBy(() -> sandbox.resolve("/anything")).isInstanceOf(UncheckedIOException.class);
        sandbox.reset();

        assertThat(secret).hasContent(SECRET);
        assertThat(sandbox.root()).doesNotExist();
    }

    @Test
    void aScratchSpacePlantedAsALinkIsReplacedAtStartAndWhatItPointedAtIsKept() throws Exception {
        Path tmp = dataDir.resolve("tmp");
        Files.delete(tmp);
        Files.createSymbolicLink(tmp, outside);

        new DataDirectory(new ObshellProperties(dataDir, null, null, null));

        assertThat(secret).hasContent(SECRET);
        assertThat(Files.isSymbolicLink(tmp)).isFalse();
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void aDatabasePlantedAsALinkStopsTheStart() throws Exception {
        Files.deleteIfExists(dataDir.resolve("obshell.db"));
        Files.createSymbolicLink(dataDir.resolve("obshell.db"), secret);

        assertThatThrownBy(() -> new DataDirectory(new ObshellProperties(dataDir, null, null, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is a symbolic link");
        assertThat(secret).hasContent(SECRET);
    }
}
