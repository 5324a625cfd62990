package io.obshell.emulator;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 5: the package chunks move from {@code obshell.db} to their own file,
 * {@code packages.db} ({@link SqliteDatabase#PACKAGES_FILE}, where each connection makes the
 * table), so a data directory made by an earlier version keeps its packages.
 *
 * <p>Not in a transaction, and in Java rather than SQL, because the two files commit one after
 * the other, main first: in one transaction, a process killed between the two commits would have
 * dropped the old table and recorded this migration, with the copy lost. Here the copy commits
 * first (only {@code packages.db} changes), then the old table is dropped, then Flyway records the
 * migration; a stop anywhere in between runs it again, and it copies again only what is still there.
 */
final class PackageChunksMigration implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("5");
    }

    @Override
    public String getDescription() {
        return "package chunks file";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement sql = connection.createStatement()) {
            if (!oldTableExists(sql)) {
                return; // dropped by a run this one repeats
            }
            sql.executeUpdate("INSERT OR IGNORE INTO packages.upgrade_pkg_chunk (pkg_id, chunk_id, chunk_count, chunk)"
                    + " SELECT pkg_id, chunk_id, chunk_count, chunk FROM main.upgrade_pkg_chunk");
            commitUnlessAutomatic(connection);
            sql.executeUpdate("DROP TABLE main.upgrade_pkg_chunk");
            commitUnlessAutomatic(connection);
        }
    }

    private static boolean oldTableExists(Statement sql) throws SQLException {
        try (ResultSet rows = sql.executeQuery(
                "SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name = 'upgrade_pkg_chunk'")) {
            return rows.next() && rows.getInt(1) > 0;
        }
    }

    private static void commitUnlessAutomatic(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }
}
