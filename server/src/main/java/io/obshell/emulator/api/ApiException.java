package io.obshell.emulator.api;

/**
 * An obshell error on its way to the client. The message is final text; the status, errCode
 * and legacy code are those of {@link #code()} (obshell's WrapRetain keeps the inner code and
 * only prefixes the message, which {@link #unauthorized} reproduces).
 */
public class ApiException extends RuntimeException {

    /** Where in obshell's pipeline the error arises, which decides traceId, data and Content-Type. */
    public enum Stage {
        /** HeaderDecrypt / BodyDecrypt: before PreHandlers, so traceId is "". */
        DECRYPT,
        /** A Go panic caught by Recovery: the fixed response built at process start. */
        PANIC,
        /** Middleware, binding, verification: traceId set, no {@code data} key. */
        MIDDLEWARE,
        /** Business logic that hands a typed nil to SendResponse: {@code "data": null}. */
        HANDLER
    }

    private final ErrorCode code;
    private final String errCode;
    private final Stage stage;

    public ApiException(ErrorCode code, String message, Stage stage) {
        this(code, code.errCode(), message, stage);
    }

    /**
     * An error reporting {@code errCode} verbatim, which need not be in our catalogue (an
     * injected fault may name any obshell code); {@code code} gives its HTTP kind.
     */
    public ApiException(ErrorCode code, String errCode, String message, Stage stage) {
        super(message, null, false, false);
        this.code = code;
        this.errCode = errCode;
        this.stage = stage;
    }

    /** A middleware-stage error with the code's own template. */
    public static ApiException of(ErrorCode code, Object... args) {
        return new ApiException(code, code.message(args), Stage.MIDDLEWARE);
    }

    /** A handler-stage error ({@code "data": null} in the envelope). */
    public static ApiException handler(ErrorCode code, Object... args) {
        return new ApiException(code, code.message(args), Stage.HANDLER);
    }

    /** {@code WrapRetain(Common.Unauthorized, inner)}: inner code and status, "Unauthorized: " prefix. */
    public static ApiException unauthorized(ErrorCode inner, Object... args) {
        return new ApiException(inner, ErrorCode.COMMON_UNAUTHORIZED.message(inner.message(args)), Stage.MIDDLEWARE);
    }

    public static ApiException panic() {
        return new ApiException(ErrorCode.COMMON_UNEXPECTED,
                ErrorCode.COMMON_UNEXPECTED.message("Internal Server Error"), Stage.PANIC);
    }

    public ErrorCode code() {
        return code;
    }

    /** The errCode the client sees: the catalogue's, unless one was given explicitly. */
    public String errCode() {
        return errCode;
    }

    public Stage stage() {
        return stage;
    }

    public ApiException atStage(Stage newStage) {
        return new ApiException(code, errCode, getMessage(), newStage);
    }
}
