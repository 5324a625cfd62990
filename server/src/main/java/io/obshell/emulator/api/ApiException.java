package io.obshell.emulator.api;

import java.util.Optional;

/**
 * An obshell error on its way to the client. The status, errCode and legacy code are those of
 * {@link #code()} (obshell's WrapRetain keeps the inner code and only prefixes the message,
 * which {@link #unauthorized} reproduces). The message is kept as obshell keeps it, so the
 * envelope can write it in the client's language ({@link #message(Optional)}).
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
    private final ErrorMessage message;
    /** A plain Go error: no obshell code of its own, localised through {@link #code()}'s entry. */
    private final boolean plain;

    /** An error whose message is final text, the same in every language. */
    public ApiException(ErrorCode code, String message, Stage stage) {
        this(code, code.errCode(), message, stage);
    }

    /**
     * An error reporting {@code errCode} verbatim, which need not be in our catalogue (an
     * injected fault may name any obshell code); {@code code} gives its HTTP kind.
     */
    public ApiException(ErrorCode code, String errCode, String message, Stage stage) {
        this(code, errCode, ErrorMessage.text(message), stage, false);
    }

    private ApiException(ErrorCode code, String errCode, ErrorMessage message, Stage stage, boolean plain) {
        super(message.english(), null, false, false);
        this.code = code;
        this.errCode = errCode;
        this.stage = stage;
        this.message = message;
        this.plain = plain;
    }

    /** An error with this message, status and errCode from {@code code}. */
    public static ApiException of(ErrorCode code, ErrorMessage message, Stage stage) {
        return new ApiException(code, code.errCode(), message, stage, false);
    }

    /** A middleware-stage error with the code's own template. */
    public static ApiException of(ErrorCode code, Object... args) {
        return of(code, ErrorMessage.occur(code, args), Stage.MIDDLEWARE);
    }

    /** A handler-stage error ({@code "data": null} in the envelope). */
    public static ApiException handler(ErrorCode code, Object... args) {
        return of(code, ErrorMessage.occur(code, args), Stage.HANDLER);
    }

    /**
     * {@code OccurWithMessage(cause, code, args...)} and {@code WrapRetain(code, goError, args...)}:
     * the entry, then {@code ": "} and a Go error's text, which no language changes.
     */
    public static ApiException withCause(ErrorCode code, String cause, Object... args) {
        return of(code, ErrorMessage.wrap(ErrorMessage.occur(code, args), ErrorMessage.text(cause)),
                Stage.MIDDLEWARE);
    }

    /** {@code WrapRetain(Common.Unauthorized, inner)}: inner code and status, "Unauthorized: " prefix. */
    public static ApiException unauthorized(ErrorCode inner, Object... args) {
        return of(inner, ErrorMessage.occur(ErrorCode.COMMON_UNAUTHORIZED, ErrorMessage.occur(inner, args)),
                Stage.MIDDLEWARE);
    }

    /**
     * A plain Go error (buildErrorResponse's last branch): 500 Common.Unexpected with the raw
     * text, which becomes "Unexpected error: …" once a language is negotiated.
     */
    public static ApiException raw(String text, Stage stage) {
        return new ApiException(ErrorCode.COMMON_UNEXPECTED, ErrorCode.COMMON_UNEXPECTED.errCode(),
                ErrorMessage.text(text), stage, true);
    }

    /** A MySQL driver error: 400 MySQL.Error with the raw text ("MySQL error: …" once localised). */
    public static ApiException mysql(String text) {
        return new ApiException(ErrorCode.MYSQL_ERROR, ErrorCode.MYSQL_ERROR.errCode(), ErrorMessage.text(text),
                Stage.HANDLER, true);
    }

    public static ApiException panic() {
        return new ApiException(ErrorCode.COMMON_UNEXPECTED, ErrorCode.COMMON_UNEXPECTED.errCode(),
                ErrorMessage.occur(ErrorCode.COMMON_UNEXPECTED, "Internal Server Error"), Stage.PANIC, false);
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

    /** The message as kept, for wrapping it into another error. */
    public ErrorMessage errorMessage() {
        return message;
    }

    /**
     * The message PostHandlers sends: {@code Error()} without a negotiated language, else
     * {@code LocaleMessage} in it, which for a plain error goes through its code's entry.
     */
    public String message(Optional<Language> language) {
        if (language.isEmpty()) {
            return getMessage();
        }
        ErrorMessage localised = plain ? ErrorMessage.occur(code, message) : message;
        return localised.render(language.get());
    }

    public ApiException atStage(Stage newStage) {
        return new ApiException(code, errCode, message, newStage, plain);
    }
}
