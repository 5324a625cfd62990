package io.obshell.emulator.api;

import java.time.Instant;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Per-request facts the envelope needs: when the request arrived (before any decryption, as
 * obshell's PostHandlers records it) and its traceId, which stays "" until the request has
 * passed decryption.
 */
public final class ApiRequest {

    private static final String ATTRIBUTE = ApiRequest.class.getName();

    private final Instant receivedAt;
    private final long startNanos;
    private volatile String traceId = "";
    private volatile Outcome outcome;
    private volatile String acceptLanguage;

    /** What the envelope sent told the client: status, errCode and message (null on success), traceId. */
    public record Outcome(int status, String errCode, String message, String traceId) {
    }

    ApiRequest(Instant receivedAt, long startNanos) {
        this.receivedAt = receivedAt;
        this.startNanos = startNanos;
    }

    static ApiRequest start(ServletRequest request, Instant receivedAt) {
        ApiRequest apiRequest = new ApiRequest(receivedAt, System.nanoTime());
        if (request instanceof HttpServletRequest http) {
            // Go's Header.Get: the first value of the header, "" when absent.
            apiRequest.acceptLanguage = http.getHeader("Accept-Language");
        }
        request.setAttribute(ATTRIBUTE, apiRequest);
        return apiRequest;
    }

    /**
     * Go's {@code c.Request.RequestURI}: the raw path and query exactly as they came in the
     * request line. obshell compares this, not the decoded path, wherever it matches a route by
     * hand (the signed uri, the body-decryption and PreHandlers exemptions, set-password).
     */
    public static String requestUri(HttpServletRequest request) {
        String query = request.getQueryString();
        return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
    }

    /** The request's context, or null outside {@code /api/v1}. */
    public static ApiRequest of(ServletRequest request) {
        return (ApiRequest) request.getAttribute(ATTRIBUTE);
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** Unix seconds of receipt: what obshell compares an auth header's ts against. */
    public long receivedEpochSecond() {
        return receivedAt.getEpochSecond();
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public String traceId() {
        return traceId;
    }

    /** The request's Accept-Language, by which obshell localises error messages (null: none). */
    String acceptLanguage() {
        return acceptLanguage;
    }

    void traceId(String traceId) {
        this.traceId = traceId;
    }

    /** The envelope last built for this request, or null when none was (yet). */
    public Outcome outcome() {
        return outcome;
    }

    void responded(OcsAgentResponse response) {
        ApiError error = response.error();
        this.outcome = new Outcome(response.status(), error == null ? null : error.errCode(),
                error == null ? null : error.message(), response.traceId());
    }
}
