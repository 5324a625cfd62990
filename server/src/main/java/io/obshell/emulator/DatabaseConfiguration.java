package io.obshell.emulator;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The database ({@link SqliteDatabase}), opened ahead on the process's own start. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean
    DataSource dataSource(DataDirectory dataDirectory) {
        return SqliteDatabase.take(dataDirectory.database());
    }
}
