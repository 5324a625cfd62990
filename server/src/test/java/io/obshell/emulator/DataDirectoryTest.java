package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The data directory's scratch space (issue 4: the process may be killed mid-request). */
class DataDirectoryTest {

    @TempDir
    Path dataDir;

    @Test
    void startingEmptiesTheScratchSpaceAKilledProcessLeftBehind() throws Exception {
        Path tmp = Files.createDirectories(dataDir.resolve("tmp"));
        Files.writeString(tmp.resolve("upload-1.part"), "half an upload");
        Files.writeString(tmp.resolve("body-2.bin"), "half a decrypted body");
        Files.writeString(dataDir.resolve("obshell.db"), "the database stays");

        DataDirectory directory = new DataDirectory(new ObshellProperties(dataDir, null, null, null));

        assertThat(directory.tmp()).isEmptyDirectory();
        assertThat(dataDir.resolve("obshell.db")).hasContent("the database stays");
    }

    @Test
    void theLibrariesScratchSpaceIsEmptiedAndAPlantedLinkIsRemovedNotFollowed(@TempDir Path elsewhere)
            throws Exception {
        Path victim = Files.writeString(elsewhere.resolve("keep.txt"), "outside the data directory");
        Files.createSymbolicLink(dataDir.resolve("jvm-tmp"), elsewhere);

        Path scratch = DataDirectory.prepareJvmScratch(dataDir);

        assertThat(scratch).isEqualTo(dataDir.toRealPath().resolve("jvm-tmp"));
        assertThat(Files.isSymbolicLink(scratch)).isFalse();
        assertThat(scratch).isEmptyDirectory();
        assertThat(victim).hasContent("outside the data directory");

        Files.writeString(scratch.resolve("sqlite-left-by-a-killed-process.so"), "x");
        DataDirectory.prepareJvmScratch(dataDir);
        assertThat(scratch).isEmptyDirectory();
    }

    @ParameterizedTest
    @ValueSource(strings = {"obshell.db", "obshell.db-wal", "packages.db", "packages.db-wal", "packages.db-shm"})
    void aLinkPlantedInPlaceOfADatabaseFileIsRefusedAndWhatItNamesIsLeftAlone(String name, @TempDir Path elsewhere)
            throws Exception {
        Path victim = Files.writeString(elsewhere.resolve("keep.db"), "outside the data directory");
        Files.createSymbolicLink(dataDir.resolve(name), victim);

        assertThatThrownBy(() -> new DataDirectory(new ObshellProperties(dataDir, null, null, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(name + " is a symbolic link");
        assertThat(victim).hasContent("outside the data directory");
    }
}
