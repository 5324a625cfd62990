package io.obshell.emulator;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

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

        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl("jdbc:sqlite:" + database);
        hikari.setDataSourceProperties(sqlite.toProperties());
        hikari.setMaximumPoolSize(4);
        hikari.setPoolName("obshell-sqlite");
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            return pool;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }
}
