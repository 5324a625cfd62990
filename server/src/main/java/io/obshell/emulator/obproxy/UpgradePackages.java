package io.obshell.emulator.obproxy;

import java.io.IOException;
import java.nio.file.Path;

import io.obshell.emulator.pkg.PackageStore;
import io.obshell.emulator.pkg.StoredPackage;
import org.springframework.stereotype.Component;

/** The upgrade's view of the uploaded packages: obshell's findTargetPkg over the package store. */
@Component
class UpgradePackages {

    /** gorm's ErrRecordNotFound, what obshell's DAG reports for a package that is gone. */
    static final String RECORD_NOT_FOUND = "record not found";

    /** Header tag 1009 (installed size) and signature tag 1000 (header + payload bytes). */
    record Sizes(long size, long payloadSize) {
    }

    private final PackageStore store;

    UpgradePackages(PackageStore store) {
        this.store = store;
    }

    /** The newest matching package's sizes, or null when none matches. */
    Sizes find(String version, String buildNumber, String distribution, String architecture) {
        return store.findNewest(ObproxyUpgrades.PACKAGE_NAME, version, buildNumber, distribution, architecture)
                .map(found -> new Sizes(found.size(), found.payloadSize())).orElse(null);
    }

    /**
     * Reassembles the newest matching package into {@code target}.
     *
     * @throws IOException {@link #RECORD_NOT_FOUND} when none matches
     */
    void writeRpm(String version, String buildNumber, String distribution, String architecture, Path target)
            throws IOException {
        StoredPackage found = store.findNewest(ObproxyUpgrades.PACKAGE_NAME, version, buildNumber, distribution,
                architecture).orElseThrow(() -> new IOException(RECORD_NOT_FOUND));
        store.writeRpm(found.pkgId(), target);
    }
}
