package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The package chunks' own database file ({@link SqliteDatabase#PACKAGES_FILE}): how it is made,
 * and what the start removes of a transaction that committed in one of the two files only.
 */
class PackagesDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void aNewDataDirectoryGetsAPackagesFileOf64KbPagesInWalModeReadableByItsOwnerOnly() {
        Path database = DataDirectory.prepareDatabase(dataDir);
        try (HikariDataSource pool = SqliteDatabase.open(database)) {
            JdbcClient jdbc = JdbcClient.create(pool);
            assertThat(jdbc.sql("PRAGMA packages.page_size").query(Integer.class).single()).isEqualTo(65_536);
            assertThat(jdbc.sql("PRAGMA packages.journal_mode").query(String.class).single()).isEqualTo("wal");
            assertThat(jdbc.sql("PRAGMA packages.synchronous").query(Integer.class).single()).isEqualTo(1); // NORMAL
            assertThat(jdbc.sql("PRAGMA main.page_size").query(Integer.class).single()).isEqualTo(4_096);
            assertThat(jdbc.sql("SELECT count(*) FROM main.sqlite_master WHERE name = 'upgrade_pkg_chunk'")
                    .query(Integer.class).single()).isZero();
        }
        assertThat(dataDir.resolve(SqliteDatabase.PACKAGES_FILE)).isRegularFile();
        assertThat(PosixFilePermissions.toString(permissions(dataDir.resolve(SqliteDatabase.PACKAGES_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void theStartRemovesARowWithoutAllItsChunksAndChunksWithoutARowAndKeepsWholePackages() {
        Path database = DataDirectory.prepareDatabase(dataDir);
        try (HikariDataSource pool = SqliteDatabase.open(database)) {
            JdbcClient jdbc = JdbcClient.create(pool);
            insertPackage(jdbc, 1, 2, 2); // whole: 2 chunk rows of 2
            insertPackage(jdbc, 2, 1, 1); // whole
            insertPackage(jdbc, 3, 0, 1); // its row committed, its chunks did not (killed between the commits)
            insertPackage(jdbc, 4, 2, 3); // fewer chunk rows than it was stored with
            insertChunk(jdbc, 9, 0, 1);   // a reset's row delete committed, its chunk delete did not
        }

        try (HikariDataSource pool = SqliteDatabase.open(database)) {
            JdbcClient jdbc = JdbcClient.create(pool);
            assertThat(jdbc.sql("SELECT pkg_id FROM upgrade_pkg_info ORDER BY pkg_id").query(Long.class).list())
                    .containsExactly(1L, 2L);
            assertThat(jdbc.sql("SELECT pkg_id || ':' || chunk_id FROM packages.upgrade_pkg_chunk ORDER BY pkg_id, chunk_id")
                    .query(String.class).list()).containsExactly("1:0", "1:1", "2:0");
            // As if the half-committed upload had rolled back: its PkgId is given again.
            assertThat(jdbc.sql("SELECT seq FROM sqlite_sequence WHERE name = 'upgrade_pkg_info'")
                    .query(Long.class).single()).isEqualTo(2);
        }
    }

    @Test
    void aStartWithNothingHalfCommittedLeavesTheIdSequenceAlone() {
        Path database = DataDirectory.prepareDatabase(dataDir);
        try (HikariDataSource pool = SqliteDatabase.open(database)) {
            JdbcClient jdbc = JdbcClient.create(pool);
            insertPackage(jdbc, 1, 1, 1);
            insertPackage(jdbc, 2, 1, 1);
            jdbc.sql("DELETE FROM packages.upgrade_pkg_chunk WHERE pkg_id = 2").update();
            jdbc.sql("DELETE FROM upgrade_pkg_info WHERE pkg_id = 2").update();
        }

        try (HikariDataSource pool = SqliteDatabase.open(database)) {
            JdbcClient jdbc = JdbcClient.create(pool);
            assertThat(jdbc.sql("SELECT seq FROM sqlite_sequence WHERE name = 'upgrade_pkg_info'")
                    .query(Long.class).single()).isEqualTo(2);
        }
    }

    static void insertPackage(JdbcClient jdbc, long pkgId, int chunkRows, int chunkCount) {
        jdbc.sql("INSERT INTO upgrade_pkg_info (pkg_id, name, version, release_distribution, distribution, \"release\","
                        + " architecture, size, payload_size, chunk_count, md5, gmt_modify)"
                        + " VALUES (?, 'obproxy-ce', '4.3.3.0', '5.el7', 'el7', '5', 'x86_64', 1, 1, 1, 'md5',"
                        + " '2026-12-01 00:00:00')")
                .param(pkgId).update();
        for (int chunkId = 0; chunkId < chunkRows; chunkId++) {
            insertChunk(jdbc, pkgId, chunkId, chunkCount);
        }
    }

    private static void insertChunk(JdbcClient jdbc, long pkgId, int chunkId, int chunkCount) {
        jdbc.sql("INSERT INTO packages.upgrade_pkg_chunk (pkg_id, chunk_id, chunk_count, chunk) VALUES (?, ?, ?, ?)")
                .params(pkgId, chunkId, chunkCount, new byte[] {(byte) chunkId}).update();
    }

    private static Set<PosixFilePermission> permissions(Path file) {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
