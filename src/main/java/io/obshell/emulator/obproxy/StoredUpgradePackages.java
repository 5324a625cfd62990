package io.obshell.emulator.obproxy;

import java.io.IOException;
import java.nio.file.Path;

import io.obshell.emulator.pkg.ObproxyRpm;
import io.obshell.emulator.pkg.PackageStore;
import io.obshell.emulator.pkg.StoredPackage;
import org.springframework.stereotype.Component;

/** The upgrade's view of the uploaded packages: obshell's findTargetPkg over the package store. */
@Component
class StoredUpgradePackages implements UpgradePackages {

    private final PackageStore store;

    StoredUpgradePackages(PackageStore store) {
        this.store = store;
    }

    @Override
    public Sizes find(String version, String buildNumber, String distribution, String architecture) {
        return store.findNewest(ObproxyUpgrades.PACKAGE_NAME, version, buildNumber, distribution, architecture)
                .map(found -> new Sizes(found.size(), found.payloadSize())).orElse(null);
    }

    @Override
    public void writeRpm(String version, String buildNumber, String distribution, String architecture, Path target)
            throws IOException {
        StoredPackage found = store.findNewest(ObproxyUpgrades.PACKAGE_NAME, version, buildNumber, distribution,
                architecture).orElseThrow(() -> new IOException(RECORD_NOT_FOUND));
        store.writeRpm(found.pkgId(), target);
    }

    @Override
    public void check(Path rpm) {
        ObproxyRpm.check(rpm);
    }

    @Override
    public void installBinary(Path rpm, Path binary) throws IOException {
        ObproxyRpm.installBinary(rpm, binary);
    }
}
