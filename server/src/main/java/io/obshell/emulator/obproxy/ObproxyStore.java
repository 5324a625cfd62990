package io.obshell.emulator.obproxy;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ODP model in {@code obproxy_info} rows; the lock row lives there too (see MaintenanceLock). */
@Repository
class ObproxyStore {

    private final JdbcClient jdbc;

    ObproxyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored model, or null before the first start wrote one. */
    Obproxy load() {
        Map<String, String> rows = new HashMap<>();
        jdbc.sql("SELECT name, value FROM obproxy_info").query((rs, n) -> rows.put(rs.getString(1), rs.getString(2)))
                .list();
        if (!rows.containsKey("managed")) {
            return null;
        }
        return new Obproxy(Boolean.parseBoolean(rows.get("managed")), Boolean.parseBoolean(rows.get("running")),
                rows.get("version"), rows.get("home_path"), Integer.parseInt(rows.get("sql_port")),
                Long.parseLong(rows.get("pid")));
    }

    void save(Obproxy obproxy) {
        put("managed", Boolean.toString(obproxy.managed()));
        put("running", Boolean.toString(obproxy.running()));
        put("version", obproxy.version());
        put("home_path", obproxy.homePath());
        put("sql_port", Integer.toString(obproxy.sqlPort()));
        put("pid", Long.toString(obproxy.pid()));
    }

    /**
     * Saves {@code obproxy} over {@code stored}, the model as committed: only the rows that
     * differ (an upgrade's hot restart changes the version and the pid, not the other four).
     */
    void save(Obproxy obproxy, Obproxy stored) {
        if (stored == null) {
            save(obproxy);
            return;
        }
        if (obproxy.managed() != stored.managed()) {
            put("managed", Boolean.toString(obproxy.managed()));
        }
        if (obproxy.running() != stored.running()) {
            put("running", Boolean.toString(obproxy.running()));
        }
        if (!Objects.equals(obproxy.version(), stored.version())) {
            put("version", obproxy.version());
        }
        if (!Objects.equals(obproxy.homePath(), stored.homePath())) {
            put("home_path", obproxy.homePath());
        }
        if (obproxy.sqlPort() != stored.sqlPort()) {
            put("sql_port", Integer.toString(obproxy.sqlPort()));
        }
        if (obproxy.pid() != stored.pid()) {
            put("pid", Long.toString(obproxy.pid()));
        }
    }

    private void put(String name, String value) {
        jdbc.sql("INSERT INTO obproxy_info(name, value) VALUES (?, ?) "
                + "ON CONFLICT(name) DO UPDATE SET value = excluded.value").params(name, value).update();
    }
}
