package io.obshell.emulator;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.JdbcTransactionObjectSupport;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Spring's JDBC transaction manager, committing so that the SQLite driver does not start the
 * next transaction at once. The driver's {@code Connection.commit()} runs {@code COMMIT} and then
 * {@code BEGIN IMMEDIATE}, which takes SQLite's write lock again and keeps it until the manager
 * restores auto-commit, after the transaction's {@code afterCommit} callbacks: a writer those
 * callbacks wake (the DAG runner, woken by the commit that creates its DAG) finds the database
 * locked, and SQLite's busy handler sleeps a millisecond or more before it tries again. Leaving
 * manual-commit mode commits the transaction (JDBC's {@code setAutoCommit} contract) and begins
 * none, so the lock is free when the commit returns. Rollbacks are left as they are.
 */
class SqliteTransactionManager extends JdbcTransactionManager {

    SqliteTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        Connection connection = ((JdbcTransactionObjectSupport) status.getTransaction()).getConnectionHolder()
                .getConnection();
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw translateException("JDBC commit", e);
        }
    }
}
