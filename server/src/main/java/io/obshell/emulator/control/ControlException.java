package io.obshell.emulator.control;

import java.util.List;

import org.springframework.http.HttpStatus;

/** A control-plane request that cannot be served: answered as an RFC 9457 problem detail. */
final class ControlException extends RuntimeException {

    private final HttpStatus status;
    private final List<String> errors;

    ControlException(HttpStatus status, String detail) {
        this(status, detail, List.of());
    }

    ControlException(HttpStatus status, String detail, List<String> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    /** A 400 listing every problem found in the request, the first one as the detail. */
    static ControlException invalid(List<String> errors) {
        return new ControlException(HttpStatus.BAD_REQUEST, errors.size() == 1 ? errors.get(0)
                : errors.size() + " problems: " + String.join("; ", errors), errors);
    }

    static ControlException invalid(String error) {
        return invalid(List.of(error));
    }

    HttpStatus status() {
        return status;
    }

    List<String> errors() {
        return errors;
    }
}
