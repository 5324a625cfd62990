package io.obshell.emulator.pkg;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.obshell.emulator.Resettable;
import io.obshell.emulator.StorageFailure;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The uploaded obproxy packages, durable in SQLite as obshell keeps them: one
 * {@code upgrade_pkg_info} row per upload and the RPM file in {@code upgrade_pkg_chunk} rows of
 * {@link #CHUNK_SIZE} bytes, those in a database file of their own with 64 KB pages (attached as
 * {@code packages}). Package files stream in and out; none is ever held whole in memory.
 */
@Service
public class PackageStore implements Resettable, DisposableBean {

    /** obshell's CHUNK_SIZE: 8 MiB − 1. */
    public static final int CHUNK_SIZE = 8 * 1024 * 1024 - 1;
    /** What one read of a spooled package takes at most. */
    private static final int READ_SLICE = 256 * 1024;

    private static final DateTimeFormatter SQLITE_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String COLUMNS = "pkg_id, name, version, release_distribution, distribution, \"release\", "
            + "architecture, size, payload_size, chunk_count, md5, gmt_modify";
    /**
     * A row whose chunks are committed. Row and chunks commit in one transaction but in two files,
     * the row first ({@code SqliteDatabase}): for the moment between the two commits a reader
     * could see the row and no chunks. A statement reads each file as it was when it began, the
     * main one first, so a row it sees without its chunks is one still being committed.
     */
    private static final String STORED =
            "EXISTS (SELECT 1 FROM packages.upgrade_pkg_chunk c WHERE c.pkg_id = upgrade_pkg_info.pkg_id)";

    private static final Logger log = LoggerFactory.getLogger(PackageStore.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    /** Copies a stored package from the WAL into the database file, after its upload was answered. */
    private final ExecutorService checkpoints = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "package-checkpoint");
        thread.setDaemon(true);
        return thread;
    });

    PackageStore(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * The package the upgrade would install (obshell's findTargetPkg): name, exact version,
     * {@code release} column = build number, {@code distribution} column = the given one,
     * architecture; the highest PkgId among matches.
     */
    public Optional<StoredPackage> findNewest(String name, String version, String buildNumber, String distribution,
            String architecture) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM upgrade_pkg_info WHERE name = ? AND version = ? AND \"release\" = ?"
                        + " AND distribution = ? AND architecture = ? AND " + STORED + " ORDER BY pkg_id DESC LIMIT 1")
                .params(name, version, buildNumber, distribution, architecture)
                .query(PackageStore::row)
                .optional();
    }

    /** Every stored package, oldest first. */
    public List<StoredPackage> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM upgrade_pkg_info WHERE " + STORED + " ORDER BY pkg_id")
                .query(PackageStore::row).list();
    }

    /**
     * Reassembles package {@code pkgId} into {@code target} (parents created, an existing file
     * replaced), chunk by chunk.
     *
     * @throws IOException {@code record not found} (gorm's text) when no such package exists
     */
    public void writeRpm(long pkgId, Path target) throws IOException {
        boolean exists = jdbc.sql("SELECT COUNT(*) FROM upgrade_pkg_info WHERE pkg_id = ? AND " + STORED).param(pkgId)
                .query(Long.class).single() > 0;
        if (!exists) {
            throw new IOException("record not found");
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(target)) {
            jdbc.sql("SELECT chunk FROM packages.upgrade_pkg_chunk WHERE pkg_id = ? ORDER BY chunk_id").param(pkgId)
                    .query(rs -> {
                        try {
                            out.write(rs.getBytes(1));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public int resetOrder() {
        return PACKAGES;
    }

    @Override
    public void reset() {
        deleteAll();
    }

    /** Forgets every package, and restarts PkgId at 1 as on a fresh agent. */
    public void deleteAll() {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM packages.upgrade_pkg_chunk").update();
            jdbc.sql("DELETE FROM upgrade_pkg_info").update();
            jdbc.sql("DELETE FROM sqlite_sequence WHERE name = 'upgrade_pkg_info'").update();
        });
    }

    /**
     * Stores a checked RPM file: its row and its chunks in one transaction, so a failure
     * leaves nothing behind. A storage failure is obshell's P7 (500, raw text).
     */
    StoredPackage store(RpmInfo rpm, Path file) {
        return store(rpm, file, () -> {
        });
    }

    /**
     * {@link #store(RpmInfo, Path)} of a file whose last check, {@code beforeCommit}, runs while
     * it is stored: it is awaited before the commit, and what it throws rolls the store back.
     * It is awaited before a storage failure is answered too, since the check comes first.
     */
    StoredPackage store(RpmInfo rpm, Path file, Runnable beforeCommit) {
        ObVersion.Release release = ObVersion.splitRelease(rpm.releaseDistribution());
        // obshell stores the SECOND dot-part as distribution (its lookup uses the last one).
        String distribution = rpm.releaseDistribution().split("\\.", -1)[1];
        int chunkCount = (int) ((rpm.payloadSize() + CHUNK_SIZE - 1) / CHUNK_SIZE);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            long fileSize = Files.size(file);
            int chunkRows = (int) ((fileSize + CHUNK_SIZE - 1) / CHUNK_SIZE);
            long pkgId = transaction.execute(status -> {
                skipAutomaticCheckpoint();
                long id = jdbc.sql("INSERT INTO upgrade_pkg_info (name, version, release_distribution, distribution,"
                                + " \"release\", architecture, size, payload_size, chunk_count, md5, gmt_modify)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING pkg_id")
                        .params(rpm.name(), rpm.version(), rpm.releaseDistribution(), distribution,
                                release.buildNumber(), rpm.architecture(), rpm.size(), rpm.payloadSize(), chunkCount,
                                rpm.md5(), SQLITE_TIMESTAMP.format(now.atOffset(ZoneOffset.UTC)))
                        .query(Long.class).single();
                writeChunks(id, chunkRows, file);
                beforeCommit.run();
                return id;
            });
            checkpoints.execute(this::checkpoint);
            return new StoredPackage(pkgId, rpm.name(), rpm.version(), rpm.releaseDistribution(), distribution,
                    release.buildNumber(), rpm.architecture(), rpm.size(), rpm.payloadSize(), chunkCount, rpm.md5(),
                    now);
        } catch (DataAccessException e) {
            beforeCommit.run();
            throw storageError(StorageFailure.of(e).orElse(String.valueOf(e.getMostSpecificCause().getMessage())));
        } catch (IOException | UncheckedIOException e) {
            beforeCommit.run();
            throw storageError(StorageFailure.of(e).orElse(String.valueOf(e.getMessage())));
        }
    }

    /**
     * A package's commit would otherwise copy the whole package from the WAL into the database
     * file (SQLite's automatic checkpoint, a third of an upload's time in the store) before the
     * client is answered. This transaction's connection skips it, until the commit is done; the
     * package is committed in the WAL all the same, as durable as every other commit.
     */
    private void skipAutomaticCheckpoint() {
        int pages = jdbc.sql("PRAGMA wal_autocheckpoint").query(Integer.class).single();
        jdbc.sql("PRAGMA wal_autocheckpoint = 0").query(Integer.class).single();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                // Still on the transaction's connection: it goes back to the pool as it came.
                jdbc.sql("PRAGMA wal_autocheckpoint = " + pages).query(Integer.class).single();
            }
        });
    }

    /** PASSIVE: never waits for, nor blocks, readers and writers; what it cannot copy now waits for the next. */
    private void checkpoint() {
        try {
            jdbc.sql("PRAGMA packages.wal_checkpoint(PASSIVE)").query((rs, row) -> rs.getInt(1)).list();
        } catch (RuntimeException e) {
            log.debug("checkpoint after a package upload failed: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        checkpoints.shutdown();
    }

    /**
     * The whole file, in order. obshell writes only ChunkCount chunks, computed from the
     * signature's size (which excludes lead and signature), and so can drop the file's tail;
     * the emulator keeps every byte so that a stored package always reads back whole.
     */
    private void writeChunks(long pkgId, int chunkRows, Path file) {
        byte[] buffer = new byte[CHUNK_SIZE];
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int chunkId = 0; chunkId < chunkRows; chunkId++) {
                int n = read(in, buffer);
                byte[] chunk = n == CHUNK_SIZE ? buffer : Arrays.copyOf(buffer, n);
                jdbc.sql("INSERT INTO packages.upgrade_pkg_chunk (pkg_id, chunk_id, chunk_count, chunk) VALUES (?, ?, ?, ?)")
                        .params(pkgId, chunkId, chunkRows, chunk).update();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fills {@code buffer} as far as the file goes, in slices: the JDK reads into a heap array
     * through a direct buffer as large as the read and keeps that buffer for the thread, so one
     * 8 MB read would leave 8 MB of native memory behind on every server thread that stored a
     * package.
     */
    private static int read(FileChannel in, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(ByteBuffer.wrap(buffer, filled, Math.min(READ_SLICE, buffer.length - filled)));
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private static ApiException storageError(String raw) {
        return ApiException.raw(raw, ApiException.Stage.HANDLER);
    }

    private static StoredPackage row(ResultSet rs, int rowNum) throws SQLException {
        return new StoredPackage(rs.getLong("pkg_id"), rs.getString("name"), rs.getString("version"),
                rs.getString("release_distribution"), rs.getString("distribution"), rs.getString("release"),
                rs.getString("architecture"), rs.getLong("size"), rs.getLong("payload_size"),
                rs.getInt("chunk_count"), rs.getString("md5"),
                LocalDateTime.parse(rs.getString("gmt_modify"), SQLITE_TIMESTAMP).toInstant(ZoneOffset.UTC));
    }
}
