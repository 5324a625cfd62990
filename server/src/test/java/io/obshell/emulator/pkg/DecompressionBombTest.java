package io.obshell.emulator.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F5: an xz bomb (a small RPM whose payload expands far beyond the size it declares) stops at
 * about the declared size, long before it could fill a disk.
 */
@Tag("reliability")
class DecompressionBombTest {

    private static final int EXPANDED = 64 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aPayloadLargerThanItsSizeTagStopsAtAboutThatSize() throws Exception {
        Path bomb = TestRpms.obproxy("4.3.3.0").release("5.el7").binary(new byte[EXPANDED]).sizeTag(1000).build(dir);
        assertThat(Files.size(bomb)).as("a small file").isLessThan(100_000);
        ObproxyRpm.check(bomb);
        Path binary = dir.resolve("obproxy");

        assertThatThrownBy(() -> ObproxyRpm.installBinary(bomb, binary)).isInstanceOf(IOException.class)
                .hasMessage("the payload is larger than the package declares (1000 bytes in its size tag)");
        assertThat(binary).satisfiesAnyOf(path -> assertThat(path).doesNotExist(),
                path -> assertThat(Files.size(path)).isLessThanOrEqualTo(ObproxyRpm.declaredPayloadBytes(
                        RpmReader.read(bomb).header())));
        assertThat(ObproxyRpm.declaredPayloadBytes(RpmReader.read(bomb).header())).isLessThan(2000);
    }

    @Test
    void aPayloadWithinItsSizeTagInstallsWhole() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024];
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").binary(content).build(dir);
        Path binary = dir.resolve("obproxy");

        ObproxyRpm.installBinary(rpm, binary);

        assertThat(Files.size(binary)).isEqualTo(content.length);
    }
}
