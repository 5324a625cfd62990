package io.obshell.emulator;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * What the emulator asks of SQLite, counted at the JDBC boundary per kind of thread: pool
 * checkouts, statements prepared, statements executed and commits (a write executed in
 * auto-commit mode, or a transaction ended by going back to auto-commit).
 */
public final class JdbcCounts {

    /** The counts of one kind of thread. */
    public record Counts(long checkouts, long prepared, long executed, long commits) {
    }

    private static final Map<String, AtomicLong[]> COUNTS = new ConcurrentHashMap<>();

    private JdbcCounts() {
    }

    public static void clear() {
        COUNTS.clear();
    }

    /** The counts of the threads whose names {@code threads} accepts. */
    public static Counts of(Predicate<String> threads) {
        long[] sums = new long[4];
        COUNTS.forEach((thread, counts) -> {
            if (threads.test(thread)) {
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += counts[i].get();
                }
            }
        });
        return new Counts(sums[0], sums[1], sums[2], sums[3]);
    }

    private static void count(int what) {
        COUNTS.computeIfAbsent(Thread.currentThread().getName(),
                name -> new AtomicLong[] {new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()})[what]
                .incrementAndGet();
    }

    private static final int CHECKOUT = 0;
    private static final int PREPARED = 1;
    private static final int EXECUTED = 2;
    private static final int COMMIT = 3;

    /** Import this into a test's context to count between the emulator and SQLite. */
    @TestConfiguration
    public static class Boundary {

        @Bean
        static BeanPostProcessor jdbcCountsBoundary() {
            return ConnectionBoundary.around(Counted::wrap);
        }
    }

    private static final class Counted {

        private Counted() {
        }

        private static Connection wrap(Connection connection) {
            count(CHECKOUT);
            InvocationHandler handler = (proxy, method, args) -> {
                if (method.getName().equals("setAutoCommit") && Boolean.TRUE.equals(args[0])
                        && !connection.getAutoCommit()) {
                    count(COMMIT);
                }
                Object result = ConnectionBoundary.forward(connection, method, args);
                if (method.getName().equals("prepareStatement")) {
                    count(PREPARED);
                    return statement(result, PreparedStatement.class, (String) args[0], connection);
                }
                if (method.getName().equals("createStatement")) {
                    count(PREPARED);
                    return statement(result, Statement.class, null, connection);
                }
                return result;
            };
            return (Connection) Proxy.newProxyInstance(JdbcCounts.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, handler);
        }

        /** A statement of {@code type}; its SQL is {@code prepared}, else the one each execute names. */
        private static Object statement(Object statement, Class<?> type, String prepared, Connection connection) {
            InvocationHandler handler = (proxy, method, args) -> {
                if (method.getName().startsWith("execute")) {
                    String sql = prepared != null ? prepared : (String) args[0];
                    count(EXECUTED);
                    if (!sql.strip().toUpperCase(Locale.ROOT).startsWith("SELECT") && connection.getAutoCommit()) {
                        count(COMMIT);
                    }
                }
                return ConnectionBoundary.forward(statement, method, args);
            };
            return Proxy.newProxyInstance(JdbcCounts.class.getClassLoader(), new Class<?>[] {type}, handler);
        }
    }
}
