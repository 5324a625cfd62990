package io.obshell.emulator.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

import io.obshell.emulator.EmulatorApplication;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A data directory made by the version that kept the chunks in {@code obshell.db} (schema 4, a
 * package of two chunks stored as it stored them), started on this one: migration 5 moves the
 * chunks to {@code packages.db} and the package reads back whole.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = EmulatorApplication.class)
class PackagesOfAnEarlierVersionTest {

    private static final Path DATA_DIR = Path.of("target/test-data/earlier-" + UUID.randomUUID()).toAbsolutePath();
    private static Path rpm;
    private static RpmInfo checked;

    @Autowired
    PackageStore store;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void anEarlierVersionsDataDirectory(DynamicPropertyRegistry registry) throws Exception {
        Files.createDirectories(DATA_DIR);
        byte[] binary = new byte[PackageStore.CHUNK_SIZE + 1_000_000];
        new Random(5).nextBytes(binary);
        rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").binary(binary).payloadFlags("0")
                .build(Files.createTempDirectory(DATA_DIR.getParent(), "rpm"));
        checked = ObproxyRpm.check(rpm);
        String url = "jdbc:sqlite:" + DATA_DIR.resolve("obshell.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("4").load().migrate();
        try (Connection db = DriverManager.getConnection(url)) {
            try (Statement sql = db.createStatement()) {
                sql.execute("PRAGMA journal_mode = WAL");
            }
            storeAsTheEarlierVersionDid(db);
        }
        registry.add("obshell.data-dir", DATA_DIR::toString);
    }

    /** Its row, then the whole file in rows of CHUNK_SIZE bytes in upgrade_pkg_chunk, one transaction. */
    private static void storeAsTheEarlierVersionDid(Connection db) throws SQLException, IOException {
        db.setAutoCommit(false);
        long pkgId;
        try (PreparedStatement info = db.prepareStatement("INSERT INTO upgrade_pkg_info (name, version,"
                + " release_distribution, distribution, \"release\", architecture, size, payload_size, chunk_count, md5,"
                + " gmt_modify) VALUES (?, ?, ?, 'el7', '5', ?, ?, ?, ?, ?, '2026-12-01 10:00:00') RETURNING pkg_id")) {
            info.setString(1, checked.name());
            info.setString(2, checked.version());
            info.setString(3, checked.releaseDistribution());
            info.setString(4, checked.architecture());
            info.setLong(5, checked.size());
            info.setLong(6, checked.payloadSize());
            info.setLong(7, (checked.payloadSize() + PackageStore.CHUNK_SIZE - 1) / PackageStore.CHUNK_SIZE);
            info.setString(8, checked.md5());
            try (ResultSet id = info.executeQuery()) {
                id.next();
                pkgId = id.getLong(1);
            }
        }
        long size = Files.size(rpm);
        int chunkRows = (int) ((size + PackageStore.CHUNK_SIZE - 1) / PackageStore.CHUNK_SIZE);
        try (InputStream in = Files.newInputStream(rpm); PreparedStatement chunk = db.prepareStatement(
                "INSERT INTO upgrade_pkg_chunk (pkg_id, chunk_id, chunk_count, chunk) VALUES (?, ?, ?, ?)")) {
            for (int chunkId = 0; chunkId < chunkRows; chunkId++) {
                byte[] buffer = in.readNBytes(PackageStore.CHUNK_SIZE);
                chunk.setLong(1, pkgId);
                chunk.setInt(2, chunkId);
                chunk.setInt(3, chunkRows);
                chunk.setBytes(4, Arrays.copyOf(buffer, buffer.length));
                chunk.executeUpdate();
            }
        }
        db.commit();
    }

    @Test
    void thePackageOfTheEarlierVersionReadsBackWholeAndTheNextUploadGetsTheNextId() throws Exception {
        assertThat(store.findAll()).singleElement().satisfies(found -> {
            assertThat(found.pkgId()).isEqualTo(1);
            assertThat(found.md5()).isEqualTo(checked.md5());
        });
        assertThat(jdbc.sql("SELECT count(*) FROM packages.upgrade_pkg_chunk WHERE pkg_id = 1")
                .query(Integer.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM main.sqlite_master WHERE name = 'upgrade_pkg_chunk'")
                .query(Integer.class).single()).isZero();

        Path back = DATA_DIR.getParent().resolve("back-" + UUID.randomUUID() + ".rpm");
        store.writeRpm(1, back);
        assertThat(Files.mismatch(rpm, back)).isEqualTo(-1);

        Path next = TestRpms.obproxy("4.3.3.0").release("6.el7").build(rpm.getParent());
        assertThat(store.store(ObproxyRpm.check(next), next).pkgId()).isEqualTo(2);
    }
}
