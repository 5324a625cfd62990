package io.obshell.emulator;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The database ({@link SqliteDatabase}), opened ahead on the process's own start. Transactions
 * commit through {@link SqliteTransactionManager}, which frees the write lock as the commit returns.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean
    DataSource dataSource(DataDirectory dataDirectory) {
        return SqliteDatabase.take(dataDirectory.database());
    }

    @Bean
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new SqliteTransactionManager(dataSource);
    }
}
