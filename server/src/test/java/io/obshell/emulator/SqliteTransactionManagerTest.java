package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A writer woken by a commit (the DAG runner, after the commit that creates its DAG) finds the
 * database free: the commit leaves no transaction open behind it. Against the emulator's own
 * database and settings ({@link SqliteDatabase#open}); the second writer does not wait for a lock (busy_timeout 0), so a lock still
 * held is an error here rather than a sleep.
 */
class SqliteTransactionManagerTest {

    @TempDir
    Path dir;

    private HikariDataSource dataSource;
    private JdbcClient jdbc;

    @BeforeEach
    void database() {
        dataSource = SqliteDatabase.open(dir.resolve("test.db"));
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("CREATE TABLE step(n INTEGER NOT NULL)").update();
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void aWriterWokenByTheCommitWritesAtOnce() {
        String woken = commitAndWriteFromAfterCommit(new SqliteTransactionManager(dataSource));

        assertThat(woken).isEqualTo("written");
        assertThat(jdbc.sql("SELECT n FROM step ORDER BY n").query(Integer.class).list()).containsExactly(1, 2);
    }

    /** Why the class exists: the driver's own commit begins the next transaction at once. */
    @Test
    void withTheDriversCommitTheWriterFindsTheDatabaseLocked() {
        String woken = commitAndWriteFromAfterCommit(new JdbcTransactionManager(dataSource));

        assertThat(woken).contains("SQLITE_BUSY");
    }

    @Test
    void aFailedTransactionStillRollsBackAndFreesTheLock() {
        TransactionTemplate transaction = new TransactionTemplate(new SqliteTransactionManager(dataSource));
        try {
            transaction.executeWithoutResult(status -> {
                jdbc.sql("INSERT INTO step(n) VALUES (1)").update();
                throw new IllegalStateException("step failed");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(writeWithoutWaiting(3)).isEqualTo("written");
        assertThat(jdbc.sql("SELECT n FROM step").query(Integer.class).list()).containsExactly(3);
    }

    @Test
    void connectionsGoBackToThePoolInAutoCommit() throws SQLException {
        TransactionTemplate transaction = new TransactionTemplate(new SqliteTransactionManager(dataSource));
        for (int i = 0; i < 4; i++) {
            int n = i;
            transaction.executeWithoutResult(status -> jdbc.sql("INSERT INTO step(n) VALUES (?)").param(n).update());
        }
        for (int i = 0; i < 4; i++) {
            try (Connection connection = dataSource.getConnection()) {
                assertThat(connection.getAutoCommit()).isTrue();
            }
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM step").query(Integer.class).single()).isEqualTo(4);
    }

    /** Commits one row and, from the commit's afterCommit, writes another on a connection of its own. */
    private String commitAndWriteFromAfterCommit(PlatformTransactionManager manager) {
        AtomicReference<String> woken = new AtomicReference<>();
        new TransactionTemplate(manager).executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO step(n) VALUES (1)").update();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    woken.set(writeWithoutWaiting(2));
                }
            });
        });
        return woken.get();
    }

    private String writeWithoutWaiting(int n) {
        try (Connection connection = DriverManager.getConnection(url());
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 0");
            statement.executeUpdate("INSERT INTO step(n) VALUES (" + n + ")");
            return "written";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("test.db");
    }
}
