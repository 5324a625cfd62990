package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.obshell.emulator.client.ObshellClient;
import tools.jackson.databind.JsonNode;

/**
 * Assertions on obshell's {@code OcsAgentResponse} envelope (envelope-errors.md §1, §2.1).
 * {@link #assertEnvelope} checks what holds for every envelope; the {@code is...} methods check
 * one kind of answer completely: status, {@code error.code}, errCode, message, traceId, the
 * {@code data} key and the Content-Type, which differ by the pipeline stage that answered.
 */
public final class EnvelopeAssert {

    /** Go's time.Time in JSON: RFC 3339, up to 9 fraction digits without trailing zeros, offset or Z. */
    public static final Pattern GO_TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{0,8}[1-9])?(Z|[+-]\\d{2}:\\d{2})");
    /** 8 random bytes in lowercase hex: obshell's traceId when the client sent none. */
    public static final Pattern GENERATED_TRACE_ID = Pattern.compile("[0-9a-f]{16}");
    /** What obshell's SetContentType writes on every {@code /api/v1} answer. */
    public static final String JSON = "application/json";
    /** What gin writes when SetContentType has not run yet: header and body decryption failures. */
    public static final String JSON_UTF8 = "application/json; charset=utf-8";
    /** Legacy {@code error.code} of Common.Unauthorized and most Security.Authentication errors. */
    public static final int UNAUTHORIZED = 10008;
    /** Legacy {@code error.code} of Security.Authentication.Header.DecryptFailed. */
    public static final int DECRYPT_FAILED = 1;

    private static final List<String> FIELD_ORDER =
            List.of("successful", "timestamp", "duration", "status", "traceId", "data", "error");
    private static final List<String> ERROR_FIELD_ORDER = List.of("code", "errCode", "message");
    /** The first five fields as Go writes them, checked on the raw text rather than a parsed tree. */
    private static final Pattern RAW_HEAD = Pattern.compile(
            "\\{\"successful\":(true|false),\"timestamp\":\"[^\"]*\",\"duration\":\\d+,\"status\":\\d{3},"
                    + "\"traceId\":\"(?:[^\"\\\\]|\\\\.)*\"[,}].*", Pattern.DOTALL);

    private final ObshellClient.Response response;
    private final JsonNode json;

    private EnvelopeAssert(ObshellClient.Response response) {
        this.response = response;
        this.json = response.json();
    }

    /** Checks the invariants of every envelope: field order and types, HTTP status = {@code status}. */
    public static EnvelopeAssert assertEnvelope(ObshellClient.Response response) {
        assertThat(response.json()).as("a JSON envelope, got: %s", response.body()).isNotNull();
        assertThat(response.body()).as("raw envelope text").matches(RAW_HEAD);
        JsonNode json = response.json();
        List<String> keys = keys(json);
        assertThat(keys).as("envelope fields in Go's order").isSubsetOf(FIELD_ORDER)
                .isSortedAccordingTo((a, b) -> FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b))
                .contains("successful", "timestamp", "duration", "status", "traceId");
        assertThat(json.get("timestamp").stringValue()).as("timestamp").matches(GO_TIMESTAMP);
        assertThat(json.get("duration").isIntegralNumber()).as("duration is integer milliseconds").isTrue();
        assertThat(json.get("duration").longValue()).as("duration").isNotNegative();
        assertThat(json.get("status").intValue()).as("status field equals the HTTP status")
                .isEqualTo(response.status());
        assertThat(json.get("traceId").isString()).as("traceId is a string").isTrue();
        if (json.has("error")) {
            assertThat(keys(json.get("error"))).as("error fields in Go's order").isSubsetOf(ERROR_FIELD_ORDER)
                    .isSortedAccordingTo((a, b) -> ERROR_FIELD_ORDER.indexOf(a) - ERROR_FIELD_ORDER.indexOf(b));
        }
        return new EnvelopeAssert(response);
    }

    /** 200, successful, no {@code error}, Content-Type application/json. */
    public EnvelopeAssert isSuccess() {
        assertThat(response.status()).as("HTTP status of %s", response.body()).isEqualTo(200);
        assertThat(json.get("successful").booleanValue()).as("successful").isTrue();
        assertThat(json.has("error")).as("error key on success").isFalse();
        return hasContentType(JSON);
    }

    /**
     * An error with exactly this status, errCode, legacy {@code code} (null: the key is absent)
     * and message.
     */
    public EnvelopeAssert isError(int status, String errCode, Integer code, String message) {
        assertThat(response.status()).as("HTTP status of %s", response.body()).isEqualTo(status);
        assertThat(json.get("successful").booleanValue()).as("successful").isFalse();
        JsonNode error = json.get("error");
        assertThat(error).as("error object").isNotNull();
        assertThat(error.path("errCode").stringValue()).as("error.errCode").isEqualTo(errCode);
        assertThat(error.path("message").stringValue()).as("error.message").isEqualTo(message);
        if (code == null) {
            assertThat(error.has("code")).as("error.code present: %s", error).isFalse();
        } else {
            assertThat(error.path("code").isIntegralNumber()).as("error.code is a number: %s", error).isTrue();
            assertThat(error.path("code").intValue()).as("error.code").isEqualTo(code);
        }
        return this;
    }

    /** Rejected by header or body decryption: traceId "", no data key, gin's charset Content-Type. */
    public EnvelopeAssert isDecryptError(int status, String errCode, Integer code, String message) {
        return isError(status, errCode, code, message).hasTraceId("").hasNoDataKey().hasContentType(JSON_UTF8);
    }

    /** Rejected by middleware, verification or binding: traceId set, no data key. */
    public EnvelopeAssert isMiddlewareError(int status, String errCode, Integer code, String message) {
        return isError(status, errCode, code, message).hasGeneratedTraceId().hasNoDataKey().hasContentType(JSON);
    }

    /** Rejected by business logic: traceId set and {@code "data":null} (Go's typed nil). */
    public EnvelopeAssert isHandlerError(int status, String errCode, Integer code, String message) {
        return isError(status, errCode, code, message).hasGeneratedTraceId().hasNullData().hasContentType(JSON);
    }

    /** The fixed response of obshell's Recovery, built at process start: traceId "", duration 0. */
    public EnvelopeAssert isPanic() {
        isError(500, "Common.Unexpected", null, "Unexpected error: Internal Server Error");
        assertThat(json.get("duration").longValue()).as("duration of the pre-built panic response").isZero();
        return hasTraceId("").hasNoDataKey();
    }

    public EnvelopeAssert hasTraceId(String traceId) {
        assertThat(json.get("traceId").stringValue()).as("traceId").isEqualTo(traceId);
        return this;
    }

    public EnvelopeAssert hasGeneratedTraceId() {
        assertThat(json.get("traceId").stringValue()).as("traceId").matches(GENERATED_TRACE_ID);
        return this;
    }

    public EnvelopeAssert hasNoDataKey() {
        assertThat(json.has("data")).as("data key present in %s", response.body()).isFalse();
        return this;
    }

    public EnvelopeAssert hasNullData() {
        assertThat(json.has("data")).as("data key present in %s", response.body()).isTrue();
        assertThat(json.get("data").isNull()).as("data is JSON null").isTrue();
        return this;
    }

    public EnvelopeAssert hasContentType(String contentType) {
        assertThat(response.contentType()).as("Content-Type").isEqualTo(contentType);
        return this;
    }

    /** The body does not contain any of these strings (passwords, exception texts). */
    public EnvelopeAssert doesNotReveal(String... secrets) {
        for (String secret : secrets) {
            assertThat(response.body()).as("response body").doesNotContain(secret);
        }
        return this;
    }

    public JsonNode data() {
        assertThat(json.has("data")).as("data key present in %s", response.body()).isTrue();
        return json.get("data");
    }

    public String timestamp() {
        return json.get("timestamp").stringValue();
    }

    public String traceId() {
        return json.get("traceId").stringValue();
    }

    /** Field names of a JSON object in document order. */
    public static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            keys.add(property.getKey());
        }
        return keys;
    }
}
