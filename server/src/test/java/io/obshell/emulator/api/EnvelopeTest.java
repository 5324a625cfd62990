package io.obshell.emulator.api;

import static io.obshell.emulator.EnvelopeAssert.GENERATED_TRACE_ID;
import static io.obshell.emulator.EnvelopeAssert.JSON;
import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static io.obshell.emulator.EnvelopeAssert.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.EnvelopeAssert;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.client.ObshellClient.HeaderType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jackson.JacksonComponentModule;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** The OcsAgentResponse envelope on every kind of answer (envelope-errors.md §1, §2.1). */
@EmulatorHttpTest
class EnvelopeTest {

    private static final String TRACE_HEADER = "X-OBSHELL-Trace-ID";

    @Autowired
    EmulatorTestClient emulator;

    /** Sends no auth header unless a test asks for one; the agent has no password. */
    ObshellClient client;

    @BeforeEach
    void agentWithoutPassword() {
        emulator.clearPassword();
        client = emulator.signingWith(null);
    }

    @Autowired
    ApplicationContext context;

    // JsonConfiguration removes it: nothing here is a @JacksonComponent, and building it costs the start.
    @Test
    void theMapperIsBuiltWithoutBootsJacksonComponentModule() {
        assertThat(context.getBeanNamesForType(JacksonComponentModule.class)).isEmpty();
        assertThat(context.getBean(JsonMapper.class).writeValueAsString(java.util.Map.of("a", "<&>")))
                .isEqualTo("{\"a\":\"\\u003c\\u0026\\u003e\"}");
    }

    @Test
    void successFieldsComeInGoOrder() {
        ObshellClient.Response response = unsigned("GET", "/api/v1/info");

        assertEnvelope(response).isSuccess();
        assertThat(keys(response.json()))
                .containsExactly("successful", "timestamp", "duration", "status", "traceId", "data");
        assertThat(response.body()).startsWith("{\"successful\":true,\"timestamp\":\"");
    }

    // envelope-errors.md §1: Go's encoding/json writes <, > and & as \u003c, \u003e, \u0026.
    @Test
    void htmlCharactersAreEscapedAsGoEscapesThem() {
        ObshellClient.Response response = client.request("POST", "/api/v1/agent/password")
                .headerType(ObshellClient.HeaderType.OCEANBASE).body("<a&b>").send();

        assertEnvelope(response).isMiddlewareError(400, "Common.BindJsonFailed", null,
                "Bind JSON failed: invalid character '<' looking for beginning of value");
        assertThat(response.body()).contains("invalid character '\\u003c' looking for beginning of value")
                .doesNotContain("<");
    }

    @Test
    void errorFieldsComeInGoOrder() {
        ObshellClient.Response response = unsigned("POST", "/api/v1/obproxy/probe");

        assertEnvelope(response).isError(400, "Request.Header.NotFound", null,
                "X-OCS-Agent-Header or X-OCS-Header not found in http request header");
        assertThat(keys(response.json()))
                .containsExactly("successful", "timestamp", "duration", "status", "traceId", "error");
        assertThat(keys(response.json().get("error"))).containsExactly("errCode", "message");
        assertThat(response.body()).startsWith("{\"successful\":false,\"timestamp\":\"");
    }

    @Test
    void handlerErrorCarriesDataNullBeforeError() {
        ObshellClient.Response response = unsigned("GET", "/api/v1/probe/handler-error");

        assertEnvelope(response).isHandlerError(400, "OBProxy.NotRunning", null, "OBProxy is not running");
        assertThat(keys(response.json()))
                .containsExactly("successful", "timestamp", "duration", "status", "traceId", "data", "error");
        assertThat(response.body()).contains("\"data\":null,\"error\":{");
    }

    @Test
    void middlewareErrorHasNoDataKey() {
        ObshellClient.Response response = unsigned("POST", "/api/v1/obproxy/probe");

        assertEnvelope(response).isMiddlewareError(400, "Request.Header.NotFound", null,
                "X-OCS-Agent-Header or X-OCS-Header not found in http request header");
        assertThat(response.body()).doesNotContain("\"data\"");
    }

    // Go's time.Time: RFC 3339 in the server's zone, 0-9 fraction digits, no trailing zeros.
    @Test
    void timestampIsRfc3339WithOffsetAndIsNow() {
        Instant before = Instant.now();
        String timestamp = assertEnvelope(unsigned("GET", "/api/v1/info")).isSuccess().timestamp();

        assertThat(timestamp).matches(EnvelopeAssert.GO_TIMESTAMP);
        assertThat(OffsetDateTime.parse(timestamp).toInstant())
                .isCloseTo(before, within(5, ChronoUnit.SECONDS));
    }

    @Test
    void durationIsWholeMilliseconds() {
        ObshellClient.Response response = unsigned("GET", "/api/v1/time");

        assertEnvelope(response).isSuccess();
        assertThat(response.json().get("duration").isIntegralNumber()).isTrue();
        assertThat(response.json().get("duration").longValue()).isBetween(0L, 5_000L);
    }

    @Test
    void traceIdEchoesTheClientsTraceHeader() {
        ObshellClient.Response success = client.request("GET", "/api/v1/info").headerType(HeaderType.NONE)
                .header(TRACE_HEADER, "client-trace_0001").send();
        assertEnvelope(success).isSuccess().hasTraceId("client-trace_0001");

        ObshellClient.Response error = client.request("POST", "/api/v1/obproxy/probe")
                .headerType(HeaderType.NONE).header("x-obshell-trace-id", "Any Text, verbatim").send();
        assertEnvelope(error).isError(400, "Request.Header.NotFound", null,
                "X-OCS-Agent-Header or X-OCS-Header not found in http request header")
                .hasTraceId("Any Text, verbatim");
    }

    // obshell's trace.GetTraceId treats an empty X-OBSHELL-Trace-ID as none sent.
    @Test
    void emptyTraceHeaderGetsAGeneratedTraceId() {
        ObshellClient.Response response = client.request("GET", "/api/v1/info").headerType(HeaderType.NONE)
                .header(TRACE_HEADER, "").send();

        assertEnvelope(response).isSuccess().hasGeneratedTraceId();
    }

    @Test
    void traceIdIsRandomLowercaseHexWhenNoneIsSent() {
        String first = assertEnvelope(unsigned("GET", "/api/v1/info")).isSuccess().traceId();
        String second = assertEnvelope(unsigned("GET", "/api/v1/info")).isSuccess().traceId();

        assertThat(first).matches(GENERATED_TRACE_ID);
        assertThat(second).matches(GENERATED_TRACE_ID).isNotEqualTo(first);
    }

    // /api/v1/status skips obshell's PreHandlers, which set the traceId.
    @ParameterizedTest
    @CsvSource({"GET", "POST"})
    void statusRouteHasEmptyTraceId(String method) {
        ObshellClient.Response response = client.request(method, "/api/v1/status").headerType(HeaderType.NONE)
                .header(TRACE_HEADER, "ignored-here").send();

        assertEnvelope(response).isSuccess().hasTraceId("");
    }

    // PreHandlers skips only when RequestURI, the raw request-target, is exactly /api/v1/status.
    @Test
    void statusWithAQueryGetsATraceId() {
        ObshellClient.Response response = client.request("GET", "/api/v1/status?ob_query_timeout=1")
                .headerType(HeaderType.NONE).header(TRACE_HEADER, "sent-trace").send();

        assertEnvelope(response).isSuccess().hasTraceId("sent-trace");
    }

    // gin has no method-not-allowed handling: NoRoute answers, before any group's Verify.
    @ParameterizedTest
    @CsvSource({
        "GET,    /api/v1/agent/password",
        "DELETE, /api/v1/info",
        "PUT,    /api/v1/secret",
        "GET,    /api/v1/obproxy/probe",
        "POST,   /api/v1/obproxy/no-such-route",
        "GET,    /api/v1/no-such-route"})
    void unknownRouteOrWrongMethodIsNotFoundWithoutAuthCheck(String method, String path) {
        ObshellClient.Response response = unsigned(method, path);

        assertEnvelope(response).isMiddlewareError(404, "Common.NotFound", null, "Element not found: 404 not found");
    }

    // gin has no HEAD fallback to GET and no automatic OPTIONS: both reach NoRoute.
    @Test
    void optionsIsNotFound() {
        assertEnvelope(unsigned("OPTIONS", "/api/v1/info")).isMiddlewareError(404, "Common.NotFound", null,
                "Element not found: 404 not found");
    }

    @Test
    void headIsNotFoundWithoutABody() {
        ObshellClient.Response response = unsigned("HEAD", "/api/v1/info");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEmpty();
        assertThat(response.contentType()).isEqualTo(JSON);
    }

    // obshell never looks at Accept: every answer is the JSON envelope.
    @ParameterizedTest
    @CsvSource({"GET, /api/v1/info, text/plain", "GET, /api/v1/time, application/xml", "POST, /api/v1/probe/open, text/html"})
    void acceptHeaderIsIgnored(String method, String path, String accept) {
        ObshellClient.Response response = client.request(method, path).headerType(HeaderType.NONE)
                .header("Accept", accept).send();

        assertEnvelope(response).isSuccess().hasGeneratedTraceId();
    }

    @Test
    void unexpectedExceptionIsTheFixedPanicResponseWithoutInternals() {
        ObshellClient.Response response = unsigned("GET", "/api/v1/probe/crash");

        assertEnvelope(response).isPanic().hasContentType(JSON)
                .doesNotReveal("internal detail", "IllegalStateException", "Exception", "at io.obshell", "\tat ");
    }

    @ParameterizedTest
    @CsvSource({"GET, /api/v1/info", "GET, /api/v1/secret", "GET, /api/v1/time", "POST, /api/v1/probe/open"})
    void successResponsesAreJson(String method, String path) {
        assertEnvelope(unsigned(method, path)).isSuccess().hasGeneratedTraceId();
    }

    private ObshellClient.Response unsigned(String method, String path) {
        return client.request(method, path).headerType(HeaderType.NONE).send();
    }
}
