package io.obshell.emulator.obproxy;

import java.nio.file.Path;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Looks the target up in {@code upgrade_pkg_info} with findTargetPkg's columns. */
@Component
class StoredUpgradePackages implements UpgradePackages {

    private final JdbcClient jdbc;

    StoredUpgradePackages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Sizes find(String version, String buildNumber, String distribution, String architecture) {
        return jdbc.sql("SELECT size, payload_size FROM upgrade_pkg_info WHERE name = ? AND version = ? "
                        + "AND release = ? AND distribution = ? AND architecture = ? ORDER BY pkg_id DESC LIMIT 1")
                .params(ObproxyUpgrades.PACKAGE_NAME, version, buildNumber, distribution, architecture)
                .query((rs, n) -> new Sizes(rs.getLong(1), rs.getLong(2))).optional().orElse(null);
    }

    @Override
    public void writeRpm(String version, String buildNumber, String distribution, String architecture, Path target) {
        throw new UnsupportedOperationException("package payloads arrive with the pkg feature");
    }

    @Override
    public void check(Path rpm) {
        throw new UnsupportedOperationException("package checks arrive with the pkg feature");
    }

    @Override
    public void extractFile(Path rpm, String pathInPayload, Path target) {
        throw new UnsupportedOperationException("package payloads arrive with the pkg feature");
    }
}
