package io.obshell.emulator;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SQLite in the data directory, migrated by Flyway ({@code classpath:db/migration}) before
 * anything uses it. WAL lets pollers read while the DAG runner writes; IMMEDIATE transactions
 * take the write lock up front, so two writers queue on busy_timeout instead of failing on a
 * read-to-write upgrade. The log is checkpointed by {@link WalCheckpoints} off the committing
 * threads; SQLite's own automatic checkpoint stays as a backstop.
 *
 * <p>The process's own start ({@link EmulatorApplication#main}) opens it ahead, on another core,
 * while Spring builds the context: loading SQLite's native library and Flyway and migrating a
 * new database cost about a third of a second of the start's critical path otherwise. The
 * context takes that pool ({@link #take}); an application context of a test, which has no such
 * start, opens its own.
 */
final class SqliteDatabase {

    /**
     * The package chunks' own database file, beside {@code obshell.db} and attached to every
     * connection as {@code packages}. Its pages are 64 KB: a 100 MB package is 1,600 pages of
     * the write-ahead log instead of 25,600 (SQLite writes each page with two {@code pwrite}s),
     * which halved the time SQLite took to store one. The main database keeps 4 KB pages: the
     * DAG runner's many small commits would each log 64 KB pages there.
     */
    static final String PACKAGES_FILE = "packages.db";
    private static final int PACKAGES_PAGE_SIZE = 65_536;

    private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);

    private record Ahead(Path database, CompletableFuture<HikariDataSource> opened) {
    }

    private static final AtomicReference<Ahead> AHEAD = new AtomicReference<>();

    private SqliteDatabase() {
    }

    /** Starts opening the database of {@code dataDir} on a daemon thread. */
    static void openAhead(Path dataDir) {
        CompletableFuture<HikariDataSource> opened = new CompletableFuture<>();
        Path database;
        try {
            database = DataDirectory.prepareDatabase(dataDir);
        } catch (RuntimeException e) {
            return; // the context meets the same failure where it reports it
        }
        if (!AHEAD.compareAndSet(null, new Ahead(database, opened))) {
            return;
        }
        Thread opener = new Thread(() -> {
            try {
                opened.complete(open(database));
            } catch (RuntimeException | Error e) {
                opened.completeExceptionally(e);
            }
        }, "database-ahead");
        opener.setDaemon(true);
        opener.start();
    }

    /** The pool opened ahead for {@code database}, else a new one. */
    static HikariDataSource take(Path database) {
        Ahead ahead = AHEAD.getAndSet(null);
        if (ahead != null) {
            try {
                HikariDataSource opened = ahead.opened().join();
                if (ahead.database().equals(database)) {
                    return opened;
                }
                opened.close();
            } catch (CompletionException e) {
                // Opened again below, where the failure stops the start with its own message.
                log.debug("opening the database ahead failed", e.getCause());
            }
        }
        return open(database);
    }

    static HikariDataSource open(Path database) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(30_000);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        sqlite.enforceForeignKeys(true);
        SQLiteDataSource connections = new WithPackages(sqlite, database.resolveSibling(PACKAGES_FILE));
        connections.setUrl("jdbc:sqlite:" + database);

        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(connections);
        hikari.setMaximumPoolSize(4);
        hikari.setPoolName("obshell-sqlite");
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                    .javaMigrations(new PackageChunksMigration()).load().migrate();
            sweepHalfCommitted(pool);
            return pool;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Connections of {@code database} with the packages' database attached. Its settings are
     * the connection's, not the file's (save the page size, fixed when the file's first table
     * is made, and WAL, which the file keeps), so each connection sets them again.
     */
    private static final class WithPackages extends SQLiteDataSource {

        private final Path packages;

        WithPackages(SQLiteConfig config, Path packages) {
            super(config);
            this.packages = packages;
        }

        @Override
        public SQLiteConnection getConnection(String username, String password) throws SQLException {
            SQLiteConnection connection = super.getConnection(username, password);
            try (PreparedStatement attach = connection.prepareStatement("ATTACH DATABASE ? AS packages");
                    Statement settings = connection.createStatement()) {
                attach.setString(1, packages.toString());
                attach.execute();
                settings.execute("PRAGMA packages.page_size = " + PACKAGES_PAGE_SIZE);
                settings.execute("PRAGMA packages.journal_mode = WAL");
                settings.execute("PRAGMA packages.synchronous = NORMAL");
                // No foreign key to upgrade_pkg_info: SQLite has none across database files.
                settings.execute("""
                        CREATE TABLE IF NOT EXISTS packages.upgrade_pkg_chunk (
                            pkg_id      INTEGER NOT NULL,
                            chunk_id    INTEGER NOT NULL,
                            chunk_count INTEGER NOT NULL,
                            chunk       BLOB    NOT NULL,
                            PRIMARY KEY (pkg_id, chunk_id)
                        )""");
                return connection;
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
    }

    /**
     * A package's row (main) and its chunks (packages) commit in one transaction, but over two
     * write-ahead logs, each committed on its own, main first: a process killed between the two
     * leaves a row without chunks, and one killed inside a reset, chunks without a row. Neither
     * was answered as done, so both go, as if the transaction had rolled back, PkgId included.
     */
    static void sweepHalfCommitted(DataSource pool) {
        TransactionTemplate transaction = new TransactionTemplate(new SqliteTransactionManager(pool));
        JdbcClient jdbc = JdbcClient.create(pool);
        transaction.executeWithoutResult(status -> {
            int incomplete = jdbc.sql("DELETE FROM main.upgrade_pkg_info WHERE"
                    + " (SELECT count(*) FROM packages.upgrade_pkg_chunk c WHERE c.pkg_id = upgrade_pkg_info.pkg_id)"
                    + " IS NOT (SELECT c.chunk_count FROM packages.upgrade_pkg_chunk c"
                    + " WHERE c.pkg_id = upgrade_pkg_info.pkg_id AND c.chunk_id = 0)").update();
            // Then the chunks without a row, those of the rows just removed among them.
            int orphans = jdbc.sql("DELETE FROM packages.upgrade_pkg_chunk WHERE pkg_id NOT IN"
                    + " (SELECT pkg_id FROM main.upgrade_pkg_info)").update();
            if (incomplete > 0) {
                // Only an unanswered upload is swept, and only a reset (which forgets them all)
                // deletes packages otherwise, so the next PkgId is the highest kept plus one.
                jdbc.sql("UPDATE main.sqlite_sequence SET seq = (SELECT coalesce(max(pkg_id), 0)"
                        + " FROM main.upgrade_pkg_info) WHERE name = 'upgrade_pkg_info'").update();
            }
            if (orphans + incomplete > 0) {
                log.warn("removed what a stop between two commits left: {} package rows without all their chunks,"
                        + " {} chunk rows without a package", incomplete, orphans);
            }
        });
    }
}
