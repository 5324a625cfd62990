package io.obshell.emulator.client;

import java.util.List;

/**
 * The control plane refused a request: its RFC 9457 problem detail, typed. The message is the
 * problem's {@code detail} (for a 400 with several problems, all of them), so a failing test
 * says what was wrong without reading the HTTP exchange.
 */
public class EmulatorControlException extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;
    private final List<String> errors;
    private final String errCode;
    private final String body;

    public EmulatorControlException(int status, String title, String detail, List<String> errors, String body) {
        this(status, title, detail, errors, null, body);
    }

    public EmulatorControlException(int status, String title, String detail, List<String> errors, String errCode,
            String body) {
        super(status + " " + (detail != null ? detail : title != null ? title : body));
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.errCode = errCode;
        this.body = body;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The problem's {@code title} (e.g. "Bad Request"), or null. */
    public String title() {
        return title;
    }

    /** The problem's {@code detail}, or null. */
    public String detail() {
        return detail;
    }

    /** Every problem found in the request (400 only); empty otherwise. */
    public List<String> errors() {
        return errors;
    }

    /**
     * obshell's errCode when the refusal is obshell's own (a DAG operator refused, a DAG not
     * found: e.g. {@code Task.NotFound}), else null.
     */
    public String errCode() {
        return errCode;
    }

    /** The answer's body, as sent. */
    public String body() {
        return body;
    }

    static EmulatorControlException of(int status, String title, String detail, List<String> errors, String errCode,
            String body) {
        return switch (status) {
            case 400 -> new ControlBadRequestException(title, detail, errors, errCode, body);
            case 401 -> new ControlUnauthorizedException(title, detail, body);
            case 404 -> new ControlNotFoundException(title, detail, errCode, body);
            case 409 -> new ControlConflictException(title, detail, errCode, body);
            default -> new EmulatorControlException(status, title, detail, errors, errCode, body);
        };
    }
}
