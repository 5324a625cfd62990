package io.obshell.emulator.obproxy;

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
    public boolean exists(String version, String buildNumber, String distribution, String architecture) {
        return jdbc.sql("SELECT count(*) FROM upgrade_pkg_info WHERE name = ? AND version = ? AND release = ? "
                        + "AND distribution = ? AND architecture = ?")
                .params(ObproxyUpgrades.PACKAGE_NAME, version, buildNumber, distribution, architecture)
                .query(Integer.class).single() > 0;
    }
}
