package io.obshell.emulator.pkg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.springframework.util.FileSystemUtils;

/**
 * Builds an obproxy-ce RPM to upload to the emulator (used by {@code bin/sample-rpm}; not a
 * test): {@code SampleRpm <version> <release> <dir>} prints the path of
 * {@code obproxy-ce-<version>-<release>.x86_64.rpm}, whose {@code bin/obproxy} is a small
 * text file naming the version.
 */
public final class SampleRpm {

    private SampleRpm() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: SampleRpm <version> <release> <dir>");
        }
        Path dir = Files.createDirectories(Path.of(args[2]));
        Path built = TestRpms.obproxy(args[0]).release(args[1]).build(dir.resolve(".sample-rpm"));
        Path rpm = Files.move(built, dir.resolve("obproxy-ce-" + args[0] + "-" + args[1] + ".x86_64.rpm"),
                StandardCopyOption.REPLACE_EXISTING);
        FileSystemUtils.deleteRecursively(dir.resolve(".sample-rpm"));
        System.out.println(rpm.toAbsolutePath());
    }
}
