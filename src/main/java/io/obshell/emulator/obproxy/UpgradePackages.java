package io.obshell.emulator.obproxy;

import java.io.IOException;
import java.nio.file.Path;

/** What the upgrade needs of the uploaded packages (obshell's findTargetPkg and its DAG tasks). */
interface UpgradePackages {

    /** gorm's ErrRecordNotFound, what obshell's DAG reports for a package that is gone. */
    String RECORD_NOT_FOUND = "record not found";

    /** The newest matching package's sizes, or null when none matches. */
    Sizes find(String version, String buildNumber, String distribution, String architecture);

    /**
     * Reassembles the newest matching package into {@code target}.
     *
     * @throws IOException {@link #RECORD_NOT_FOUND} when none matches
     */
    void writeRpm(String version, String buildNumber, String distribution, String architecture, Path target)
            throws IOException;

    /** Runs the upload checks (name, release, version, binary present) on an RPM file. */
    void check(Path rpm);

    /** Installs the package's obproxy binary over {@code binary}, as "Reinstall obproxy bin" does. */
    void installBinary(Path rpm, Path binary) throws IOException;

    /** Header tag 1009 (installed size) and signature tag 1000 (header + payload bytes). */
    record Sizes(long size, long payloadSize) {
    }
}
