package io.obshell.emulator;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A full store, simulated at the storage boundary: while it is full, the statements it names
 * fail as SQLite fails them on a full disk ({@code SQLITE_FULL}, "database or disk is full").
 * {@code fill("INSERT")} is a database at its size limit (rows rewritten in place still fit);
 * {@code fill("INSERT", "UPDATE", "DELETE")} a disk with no room even for the write-ahead log;
 * {@link #fillWhile} a disk that is full until something (a file) is removed.
 */
public final class FullStore {

    private record State(BooleanSupplier full, List<String> refused) {
    }

    private static final State ROOM = new State(() -> false, List.of());
    private static final AtomicReference<State> STATE = new AtomicReference<>(ROOM);

    private FullStore() {
    }

    /** Statements starting with one of {@code prefixes} (case-insensitive) fail from now on. */
    public static void fill(String... prefixes) {
        fillWhile(() -> true, prefixes);
    }

    /** As {@link #fill}, for as long as {@code full} holds. */
    public static void fillWhile(BooleanSupplier full, String... prefixes) {
        STATE.set(new State(full, Arrays.stream(prefixes).map(p -> p.toUpperCase(Locale.ROOT)).toList()));
    }

    public static void makeRoom() {
        STATE.set(ROOM);
    }

    /** Import this into a test's context to put the switch between the emulator and SQLite. */
    @TestConfiguration
    public static class Boundary {

        @Bean
        static BeanPostProcessor fullStoreBoundary() {
            return ConnectionBoundary.around(Switched::wrap);
        }
    }

    private static final class Switched {

        private Switched() {
        }

        private static Connection wrap(Connection connection) {
            InvocationHandler handler = (proxy, method, args) -> {
                if (args != null && args.length > 0 && args[0] instanceof String sql && isStatement(method)) {
                    refuse(sql);
                }
                return ConnectionBoundary.forward(connection, method, args);
            };
            return (Connection) Proxy.newProxyInstance(FullStore.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, handler);
        }

        private static boolean isStatement(Method method) {
            return method.getName().equals("prepareStatement") || method.getName().equals("prepareCall");
        }

        private static void refuse(String sql) throws SQLException {
            String statement = sql.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
            State state = STATE.get();
            if (state.refused().stream().anyMatch(statement::startsWith) && state.full().getAsBoolean()) {
                // sqlite-jdbc's text and SQLite's result code for a full database.
                throw new SQLException("[SQLITE_FULL] Insertion failed because database is full (database or disk is full)",
                        null, 13);
            }
        }
    }
}
