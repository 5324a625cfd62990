package io.obshell.emulator.task;

import io.obshell.emulator.Resettable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The obproxy maintenance lock: obshell's {@code obproxy_info} row {@code status}, '1' free and
 * '4' held. Taking it is one conditional UPDATE, so concurrent creators cannot both win.
 */
@Repository
public class MaintenanceLock implements Resettable {

    private static final String FREE = "1";
    private static final String OBPROXY_MAINTENANCE = "4";

    private final JdbcClient jdbc;

    MaintenanceLock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean tryAcquire() {
        return jdbc.sql("UPDATE obproxy_info SET value = ? WHERE name = 'status' AND value = ?")
                .params(OBPROXY_MAINTENANCE, FREE).update() == 1;
    }

    void release() {
        jdbc.sql("UPDATE obproxy_info SET value = ? WHERE name = 'status'").param(FREE).update();
    }

    @Override
    public int resetOrder() {
        return LOCK;
    }

    @Override
    public void reset() {
        release();
    }

    public boolean held() {
        return jdbc.sql("SELECT value FROM obproxy_info WHERE name = 'status'").query(String.class).optional()
                .map(OBPROXY_MAINTENANCE::equals).orElse(false);
    }
}
