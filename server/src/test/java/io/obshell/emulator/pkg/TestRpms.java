package io.obshell.emulator.pkg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.packager.rpm.RpmVersion;
import org.eclipse.packager.rpm.RpmTag;
import org.eclipse.packager.rpm.build.BuilderContext;
import org.eclipse.packager.rpm.build.BuilderOptions;
import org.eclipse.packager.rpm.build.RpmBuilder;
import org.eclipse.packager.rpm.coding.PayloadCoding;

/**
 * Fixture RPMs built with Eclipse Packager: a valid obproxy package by default, and the broken
 * ones obshell's upload checks refuse.
 *
 * <pre>{@code
 * Path good = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
 * Path wrongName = TestRpms.obproxy("4.3.3.0").name("obproxy").build(dir);
 * Path corrupt = TestRpms.flipLastByte(TestRpms.obproxy("4.3.3.0").build(dir));
 * }</pre>
 */
public final class TestRpms {

    private TestRpms() {
    }

    /** obproxy-ce-{@code version}-1.el7.x86_64 with its binary at the path obshell requires. */
    public static Builder obproxy(String version) {
        return new Builder(version);
    }

    /** The content the default builder puts in the obproxy binary. */
    public static byte[] defaultBinary(String version) {
        return ("#!/bin/sh\necho 'obproxy (OceanBase " + version + " 1)'\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Inverts the file's last byte (payload data): the signature MD5 no longer matches. */
    public static Path flipLastByte(Path rpm) {
        try {
            byte[] bytes = Files.readAllBytes(rpm);
            bytes[bytes.length - 1] ^= (byte) 0xff;
            Files.write(rpm, bytes);
            return rpm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the file's first {@code keep} bytes, next to it. */
    public static Path truncated(Path rpm, int keep) {
        try {
            byte[] bytes = Files.readAllBytes(rpm);
            Path copy = rpm.resolveSibling("truncated-" + keep + "-" + rpm.getFileName());
            Files.write(copy, java.util.Arrays.copyOf(bytes, keep));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file that is not an RPM at all. */
    public static Path notAnRpm(Path dir) {
        try {
            Path file = dir.resolve("not-an-rpm-" + System.nanoTime() + ".rpm");
            Files.writeString(file, "this is a text file, long enough to fill an RPM lead of 96 bytes: "
                    + "0123456789012345678901234567890123456789");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An RPM in the making; every setter returns this builder. */
    public static final class Builder {

        private String name = ObproxyRpm.NAME;
        private String version;
        private String release = "1.el7";
        private String architecture = "x86_64";
        private boolean withBinary = true;
        private byte[] binary;
        private Path binaryFile;
        private PayloadCoding coding = PayloadCoding.XZ;
        private String payloadFlags;
        private Long sizeTag;
        private final Map<String, byte[]> extraFiles = new LinkedHashMap<>();

        private Builder(String version) {
            this.version = version;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder version(String value) {
            this.version = value;
            return this;
        }

        /** The RPM release, e.g. {@code 5.el7} (obshell needs a dot in it). */
        public Builder release(String value) {
            this.release = value;
            return this;
        }

        public Builder architecture(String value) {
            this.architecture = value;
            return this;
        }

        /** The obproxy binary's content (default {@link #defaultBinary}). */
        public Builder binary(byte[] content) {
            this.binary = content;
            this.binaryFile = null;
            return this;
        }

        /** The obproxy binary's content, streamed from a file (for large packages). */
        public Builder binary(Path content) {
            this.binaryFile = content;
            this.binary = null;
            return this;
        }

        /** Leaves the obproxy binary out (obshell's "These files are missing"). */
        public Builder withoutBinary() {
            this.withBinary = false;
            return this;
        }

        /** Another file in the payload, at an installed path such as {@code /home/admin/x}. */
        public Builder file(String path, byte[] content) {
            extraFiles.put(path, content);
            return this;
        }

        /** Payload compression (default xz, as obshell requires at install). */
        public Builder payloadCoding(PayloadCoding value) {
            this.coding = value;
            return this;
        }

        /** Compressor flags; for xz, the preset level, e.g. {@code "0"} for fast builds. */
        public Builder payloadFlags(String value) {
            this.payloadFlags = value;
            return this;
        }

        /** Overrides the header's size tag (1009), the installed size the package declares. */
        public Builder sizeTag(long value) {
            this.sizeTag = value;
            return this;
        }

        /** Writes the RPM into {@code dir} and returns its path. */
        public Path build(Path dir) {
            try {
                Path target = Files.createTempDirectory(Files.createDirectories(dir), "rpm-");
                BuilderOptions options = new BuilderOptions();
                options.setPayloadCoding(coding);
                if (payloadFlags != null) {
                    options.setPayloadFlags(payloadFlags);
                }
                options.setOpenOptions(new java.nio.file.OpenOption[] {StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE});
                try (RpmBuilder builder = new RpmBuilder(name, new RpmVersion(version, release), architecture, target,
                        options)) {
                    builder.getInformation().setSummary("obproxy fixture");
                    builder.getInformation().setDescription("A fixture package for obshell-emulator tests.");
                    builder.getInformation().setLicense("MulanPubL-2.0");
                    if (sizeTag != null) {
                        builder.setHeaderCustomizer(header -> header.putInt(RpmTag.SIZE, (int) (long) sizeTag));
                    }
                    BuilderContext context = builder.newContext();
                    if (withBinary) {
                        String path = ObproxyRpm.binaryPath(version);
                        if (binaryFile != null) {
                            context.addFile(path, binaryFile);
                        } else {
                            context.addFile(path, binary != null ? binary : defaultBinary(version));
                        }
                    }
                    for (Map.Entry<String, byte[]> file : extraFiles.entrySet()) {
                        context.addFile(file.getKey(), file.getValue());
                    }
                    builder.build();
                    return builder.getTargetFile();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
