package io.obshell.emulator.obproxy;

import java.io.IOException;

import io.obshell.emulator.Resettable;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * The ODP's SQL port as obshell's connection to it sees it ({@code repository/db/obproxy}): it
 * answers, refuses connections, or answers with a MySQL error. obshell opens the connection
 * lazily and keeps it; the first failure before any success is wrapped as "load obproxy
 * instance failed: …" (LoadObproxyInstance, gorm's ping), later ones come from the health
 * check's {@code show proxyconfig} as the driver's bare text. Kept in memory: a control-plane
 * knob like the pacing, back to answering at every reset.
 */
@Component
public class ObproxySql implements Resettable {

    /** What {@code show proxyconfig} meets. */
    public enum Failure {
        NONE, REFUSED, ERROR
    }

    /** What an ODP that refuses a password answers (go-sql-driver's MySQLError text). */
    public static final String DEFAULT_ERROR =
            "Error 1045 (28000): Access denied for user 'root'@'proxysys' (using password: YES)";

    private volatile Failure failure = Failure.NONE;
    private volatile String errorMessage = DEFAULT_ERROR;
    private volatile boolean connectionLoaded;

    public Failure failure() {
        return failure;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public void set(Failure newFailure, String newErrorMessage) {
        this.failure = newFailure;
        this.errorMessage = newErrorMessage;
    }

    @Override
    public int resetOrder() {
        return OBPROXY;
    }

    @Override
    public void reset() {
        failure = Failure.NONE;
        errorMessage = DEFAULT_ERROR;
        connectionLoaded = false;
    }

    /**
     * A request handler's query ({@code GetObproxyVersion} at upgrade): a refused connection is
     * a plain Go error, 500 Common.Unexpected with the raw text; a server error is a MySQLError,
     * 400 MySQL.Error with the raw text. Both with {@code "data": null}.
     */
    void queryForRequest(int sqlPort) {
        String text = failureText(sqlPort);
        if (text == null) {
            return;
        }
        throw failure == Failure.ERROR ? ApiException.mysql(text) : ApiException.raw(text, ApiException.Stage.HANDLER);
    }

    /** A task's query: any failure is a plain error there, logged as Common.Unexpected. */
    void queryInTask(int sqlPort, String wrap) throws IOException {
        String text = failureText(sqlPort);
        if (text != null) {
            throw new IOException(wrap == null ? text : wrap + ": " + text);
        }
    }

    /**
     * A throw-away connection's failure (LoadTempObproxyInstance: gorm.Open pings), wrapped as
     * "load temp obproxy instance failed: …", or null when the ODP answers.
     */
    String temporaryConnectionFailure(int sqlPort) {
        String text = switch (failure) {
            case NONE -> null;
            case REFUSED -> refused(sqlPort);
            case ERROR -> errorMessage;
        };
        return text == null ? null : "load temp obproxy instance failed: " + text;
    }

    private static String refused(int sqlPort) {
        return "dial tcp 127.0.0.1:" + sqlPort + ": connect: connection refused";
    }

    private String failureText(int sqlPort) {
        String text = switch (failure) {
            case NONE -> null;
            case REFUSED -> refused(sqlPort);
            case ERROR -> errorMessage;
        };
        if (text == null) {
            connectionLoaded = true;
            return null;
        }
        return connectionLoaded ? text : "load obproxy instance failed: " + text;
    }
}
