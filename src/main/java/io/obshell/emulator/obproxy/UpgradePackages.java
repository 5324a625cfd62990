package io.obshell.emulator.obproxy;

import java.nio.file.Path;

/** What the upgrade needs of the uploaded packages (obshell's findTargetPkg and its DAG tasks). */
interface UpgradePackages {

    /** The newest matching package's sizes, or null when none matches. */
    Sizes find(String version, String buildNumber, String distribution, String architecture);

    /** Reassembles the newest matching package into {@code target}. */
    void writeRpm(String version, String buildNumber, String distribution, String architecture, Path target);

    /** Runs the upload checks (name, release, version, binary present) on an RPM file. */
    void check(Path rpm);

    /** Copies one file of the RPM's payload to {@code target}. */
    void extractFile(Path rpm, String pathInPayload, Path target);

    /** Header tag 1009 (installed size) and signature tag 1000 (header + payload bytes). */
    record Sizes(long size, long payloadSize) {
    }
}
