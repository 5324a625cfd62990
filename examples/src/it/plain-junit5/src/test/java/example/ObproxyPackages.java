package example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.packager.rpm.RpmVersion;
import org.eclipse.packager.rpm.build.BuilderContext;
import org.eclipse.packager.rpm.build.BuilderOptions;
import org.eclipse.packager.rpm.build.RpmBuilder;
import org.eclipse.packager.rpm.coding.PayloadCoding;

/**
 * An obproxy-ce RPM as obshell accepts it: named obproxy-ce, carrying
 * /home/admin/obproxy-VERSION/bin/obproxy, xz payload. A real suite would upload a real package.
 */
final class ObproxyPackages {

    private ObproxyPackages() {
    }

    static Path build(String version, String release, Path dir) {
        BuilderOptions options = new BuilderOptions();
        options.setPayloadCoding(PayloadCoding.XZ);
        try (RpmBuilder builder = new RpmBuilder("obproxy-ce", new RpmVersion(version, release), "x86_64", dir,
                options)) {
            builder.getInformation().setSummary("obproxy for tests");
            builder.getInformation().setDescription("A package for obshell-emulator tests.");
            builder.getInformation().setLicense("MulanPubL-2.0");
            BuilderContext context = builder.newContext();
            context.addFile("/home/admin/obproxy-" + version + "/bin/obproxy",
                    ("#!/bin/sh\necho 'obproxy (OceanBase " + version + " 1)'\n").getBytes(StandardCharsets.UTF_8));
            builder.build();
            return builder.getTargetFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
