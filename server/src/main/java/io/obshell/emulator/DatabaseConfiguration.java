package io.obshell.emulator;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.sqlite.SQLiteConfig;

/**
 * SQLite in the data directory. WAL lets pollers read while the DAG runner writes; IMMEDIATE
 * transactions take the write lock up front, so two writers queue on busy_timeout instead of
 * failing on a read-to-write upgrade. The log is checkpointed by {@link WalCheckpoints} off the
 * committing threads; SQLite's own automatic checkpoint stays as a backstop. Transactions commit
 * through {@link SqliteTransactionManager}, which frees the write lock as the commit returns.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean
    DataSource dataSource(DataDirectory dataDirectory) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl("jdbc:sqlite:" + dataDirectory.database());
        hikari.setDataSourceProperties(sqlite().toProperties());
        hikari.setMaximumPoolSize(4);
        hikari.setPoolName("obshell-sqlite");
        return new HikariDataSource(hikari);
    }

    static SQLiteConfig sqlite() {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(30_000);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        sqlite.enforceForeignKeys(true);
        return sqlite;
    }

    @Bean
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new SqliteTransactionManager(dataSource);
    }
}
