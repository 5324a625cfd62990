package io.obshell.emulator.secure;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code ocs_info} name/value table, as in obshell's sqlite. */
@Repository
class OcsInfoStore {

    private final JdbcClient jdbc;

    OcsInfoStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> get(String name) {
        return jdbc.sql("SELECT value FROM ocs_info WHERE name = ?").param(name).query(String.class).optional();
    }

    void put(String name, String value) {
        jdbc.sql("INSERT INTO ocs_info(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value")
                .params(name, value).update();
    }

    void delete(String name) {
        jdbc.sql("DELETE FROM ocs_info WHERE name = ?").param(name).update();
    }
}
