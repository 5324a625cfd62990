package io.obshell.emulator;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Puts something between the emulator and SQLite in a test's context: every connection the
 * {@code dataSource} bean gives out goes through {@code wrap} first.
 */
final class ConnectionBoundary extends DelegatingDataSource {

    private final UnaryOperator<Connection> wrap;

    private ConnectionBoundary(DataSource target, UnaryOperator<Connection> wrap) {
        super(target);
        this.wrap = wrap;
    }

    /** A post-processor that wraps the context's {@code dataSource} bean's connections. */
    static BeanPostProcessor around(UnaryOperator<Connection> wrap) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource dataSource && beanName.equals("dataSource")
                        ? new ConnectionBoundary(dataSource, wrap) : bean;
            }
        };
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap.apply(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap.apply(super.getConnection(username, password));
    }

    /** A proxy's call passed on to {@code target}, throwing what the target threw, not its wrapper. */
    static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
