package io.obshell.emulator.agent;

import static io.obshell.emulator.EnvelopeAssert.UNAUTHORIZED;
import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static io.obshell.emulator.EnvelopeAssert.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.EnvelopeAssert;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.client.ObshellClient.HeaderType;
import io.obshell.emulator.secure.RsaKeys;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The agent's own routes: info, status, secret, time (auth.md §1, §6) and the password (§4.4, §8 F). */
@EmulatorHttpTest
class AgentRoutesTest {

    private static final String PASSWORD_ROUTE = "/api/v1/agent/password";
    private static final String OBPROXY_PROBE = "/api/v1/obproxy/probe";
    private static final String NEW_PASSWORD = "N3w-Agent-Pwd";
    private static final String REQUIRED_PASSWORD = "Bind JSON failed: Key: 'SetAgentPasswordParam.Password' "
            + "Error:Field validation for 'Password' failed on the 'required' tag";

    @Autowired
    EmulatorTestClient emulator;

    @BeforeEach
    void freshAgent() {
        emulator.clearPassword();
    }

    private ObshellClient.Response unsigned(String method, String path) {
        return emulator.signingWith(null).request(method, path).headerType(HeaderType.NONE).send();
    }

    @Nested
    class Identity {

        // auth.md §6.2: Go's meta.AgentStatus, field order as emitted.
        @Test
        void infoReportsEveryAgentStatusFieldInOrder() {
            JsonNode data = assertEnvelope(unsigned("GET", "/api/v1/info")).isSuccess().data();

            assertThat(keys(data)).containsExactly("pid", "state", "startAt", "homePath", "obVersion",
                    "architecture", "ip", "port", "zone", "identity", "version", "isObproxyAgent", "security",
                    "supportedAuth");
            assertThat(data.get("pid").longValue()).isEqualTo(ProcessHandle.current().pid());
            assertThat(data.get("state").intValue()).isEqualTo(2);
            assertThat(data.get("startAt").longValue()).isPositive()
                    .isLessThanOrEqualTo(Instant.now().getEpochSecond());
            // D3: obshell's own install directory, not the ODP's home.
            assertThat(data.get("homePath").stringValue()).isEqualTo("/home/admin/oceanbase");
            assertThat(data.get("obVersion").stringValue()).isEmpty();
            assertThat(data.get("architecture").stringValue()).isEqualTo("x86_64");
            assertThat(data.get("ip").stringValue()).isEqualTo("127.0.0.1");
            assertThat(data.get("port").intValue()).isEqualTo(emulator.port());
            assertThat(data.get("zone").stringValue()).isEmpty();
            assertThat(data.get("identity").stringValue()).isEqualTo("SINGLE");
            assertThat(data.get("version").stringValue()).isEqualTo("4.5.0.0");
            assertThat(data.get("isObproxyAgent").booleanValue()).isTrue();
            assertThat(data.get("supportedAuth").isArray()).isTrue();
            assertThat(data.get("supportedAuth").valueStream().map(JsonNode::stringValue).toList())
                    .containsExactly("v2");
        }

        @Test
        void infoSecurityTellsWhetherAnAgentPasswordIsSet() {
            assertThat(security()).isFalse();

            emulator.withPassword();

            assertThat(security()).isTrue();
        }

        // auth.md §6.3: Go's http.AgentStatus; sqlPort is omitted when 0.
        @ParameterizedTest
        @ValueSource(strings = {"GET", "POST"})
        void statusReportsAgentStatusFieldsInOrder(String method) {
            ObshellClient.Response response = unsigned(method, "/api/v1/status");
            JsonNode data = assertEnvelope(response).isSuccess().hasTraceId("").data();

            assertThat(keys(data)).containsExactly("agent", "state", "version", "pid", "startAt", "port", "obState",
                    "underMaintenance");
            assertThat(keys(data.get("agent"))).containsExactly("ip", "port", "identity");
            assertThat(data.get("agent").get("ip").stringValue()).isEqualTo("127.0.0.1");
            assertThat(data.get("agent").get("port").intValue()).isEqualTo(emulator.port());
            assertThat(data.get("agent").get("identity").stringValue()).isEqualTo("SINGLE");
            assertThat(data.get("state").intValue()).isEqualTo(2);
            // D10: obshell's own build default, RELEASE=0 (Makefile.common).
            assertThat(data.get("version").stringValue()).isEqualTo("4.5.0.0-0");
            assertThat(data.get("pid").longValue()).isEqualTo(ProcessHandle.current().pid());
            assertThat(data.get("startAt").longValue()).isPositive();
            assertThat(data.get("port").intValue()).isEqualTo(emulator.port());
            assertThat(data.get("obState").intValue()).isZero();
            assertThat(data.get("underMaintenance").booleanValue()).isFalse();
        }

        // auth.md §1: base64 of PKCS#1 RSAPublicKey DER, not SPKI, 1024 bits.
        @Test
        void secretPublishesA1024BitPkcs1PublicKey() {
            JsonNode data = assertEnvelope(unsigned("GET", "/api/v1/secret")).isSuccess().data();

            assertThat(keys(data)).containsExactly("ip", "port", "public_key");
            assertThat(data.get("ip").stringValue()).isEqualTo("127.0.0.1");
            assertThat(data.get("port").intValue()).isEqualTo(emulator.port());
            String publicKey = data.get("public_key").stringValue();
            assertThat(publicKey).hasSize(188).startsWith("MIGJAoGBA").matches("[A-Za-z0-9+/]+={0,2}");
            RSAPublicKey pkcs1 = RSAPublicKey.getInstance(Base64.getDecoder().decode(publicKey));
            assertThat(pkcs1.getModulus().bitLength()).isEqualTo(1024);
            assertThat(pkcs1.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
        }

        @Test
        void timeIsRfc3339Now() {
            JsonNode data = assertEnvelope(unsigned("GET", "/api/v1/time")).isSuccess().data();

            assertThat(data.isString()).isTrue();
            assertThat(data.stringValue()).matches(EnvelopeAssert.GO_TIMESTAMP);
            assertThat(OffsetDateTime.parse(data.stringValue()).toInstant())
                    .isCloseTo(Instant.now(), within(5, ChronoUnit.SECONDS));
        }
    }

    @Nested
    class SetAgentPassword {

        // auth.md §4.4, §8 F: the SDK sends X-OCS-Header with auth "" while security is false.
        @Test
        void firstPasswordIsSetWithoutAnyPasswordCheck() {
            ObshellClient.Response response = emulator.signingWith(null).request("POST", PASSWORD_ROUTE)
                    .headerType(HeaderType.OCEANBASE).auth("").body(passwordJson(NEW_PASSWORD)).send();

            assertEnvelope(response).isSuccess().hasGeneratedTraceId().hasNoDataKey().doesNotReveal(NEW_PASSWORD);
            assertThat(security()).isTrue();
            assertEnvelope(emulator.signingWith(NEW_PASSWORD).post(OBPROXY_PROBE, "{}")).isSuccess();
        }

        @Test
        void onceSetTheObHeaderIsRefused() {
            emulator.withPassword();

            ObshellClient.Response response = emulator.signingWith(null).request("POST", PASSWORD_ROUTE)
                    .headerType(HeaderType.OCEANBASE).auth(EmulatorTestClient.PASSWORD)
                    .body(passwordJson(NEW_PASSWORD)).send();

            assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.WithAgentPassword", UNAUTHORIZED,
                    "Unauthorized: Should use agent_password to verify: agent password has been set")
                    .doesNotReveal(EmulatorTestClient.PASSWORD, NEW_PASSWORD);
            assertPasswordUnchanged();
        }

        @Test
        void onceSetAWrongOldPasswordIsIncorrectAgentPassword() {
            emulator.withPassword();

            ObshellClient.Response response = emulator.signingWith("not the password")
                    .post(PASSWORD_ROUTE, passwordJson(NEW_PASSWORD));

            assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.IncorrectAgentPassword",
                    UNAUTHORIZED, "Unauthorized: Agent password is incorrect")
                    .doesNotReveal(EmulatorTestClient.PASSWORD, NEW_PASSWORD, "not the password");
            assertPasswordUnchanged();
        }

        @Test
        void theRightOldPasswordChangesIt() {
            ObshellClient client = emulator.withPassword();

            ObshellClient.Response response = client.post(PASSWORD_ROUTE, passwordJson(NEW_PASSWORD));

            assertEnvelope(response).isSuccess().hasNoDataKey()
                    .doesNotReveal(EmulatorTestClient.PASSWORD, NEW_PASSWORD);
            assertEnvelope(emulator.signingWith(NEW_PASSWORD).post(OBPROXY_PROBE, "{}")).isSuccess();
            assertEnvelope(client.post(OBPROXY_PROBE, "{}")).isMiddlewareError(401,
                    "Security.Authentication.IncorrectAgentPassword", UNAUTHORIZED,
                    "Unauthorized: Agent password is incorrect");
        }

        // gin's binding:"required": missing, null and "" all fail validation.
        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"password\":\"\"}", "{\"password\":null}", "null",
            "{\"Password\":\"\",\"other\":\"x\"}"})
        void missingOrEmptyPasswordIsBindJsonFailed(String body) {
            ObshellClient.Response response = emulator.signingWith(null).post(PASSWORD_ROUTE, body);

            assertEnvelope(response).isMiddlewareError(400, "Common.BindJsonFailed", null, REQUIRED_PASSWORD);
            assertThat(security()).isFalse();
        }

        // obshell's PaddingBody turns Content-Length 0 into "{}" (auth.md §8 C.8).
        @Test
        void emptyBodyIsTheRequiredError() {
            ObshellClient.Response response = emulator.signingWith(null).request("POST", PASSWORD_ROUTE).send();

            assertEnvelope(response).isMiddlewareError(400, "Common.BindJsonFailed", null, REQUIRED_PASSWORD);
        }

        // Go's net/http gives a request with neither Content-Length nor Transfer-Encoding a
        // ContentLength of 0, so PaddingBody pads it too (curl -X POST sends no Content-Length).
        @Test
        void bodylessPostWithoutContentLengthIsTheRequiredError() throws Exception {
            String header = signedHeader("{\"auth\":\"\",\"ts\":\"" + (Instant.now().getEpochSecond() + 60)
                    + "\",\"uri\":\"" + PASSWORD_ROUTE + "\"}");
            String answer = rawExchange("POST " + PASSWORD_ROUTE + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "X-OCS-Header: " + header + "\r\nConnection: close\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("\"errCode\":\"Common.BindJsonFailed\"")
                    .contains("\"message\":\"" + REQUIRED_PASSWORD + "\"");
        }

        // envelope-errors.md §2.2: Go's encoding/json texts, JSON key path for type errors.
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "{\"password\":1}        | json: cannot unmarshal number into Go struct field "
                    + "SetAgentPasswordParam.password of type string",
            "{\"password\":true}     | json: cannot unmarshal bool into Go struct field "
                    + "SetAgentPasswordParam.password of type string",
            "x                       | invalid character 'x' looking for beginning of value",
            "{\"password\":\"abc     | unexpected EOF",
            "[]                      | json: cannot unmarshal array into Go value of type param.SetAgentPasswordParam"})
        void malformedBodyIsBindJsonFailedWithGoError(String body, String goError) {
            ObshellClient.Response response = emulator.signingWith(null).post(PASSWORD_ROUTE, body);

            assertEnvelope(response).isMiddlewareError(400, "Common.BindJsonFailed", null,
                    "Bind JSON failed: " + goError);
            assertThat(security()).isFalse();
        }

        private void assertPasswordUnchanged() {
            assertEnvelope(emulator.signingWith(EmulatorTestClient.PASSWORD).post(OBPROXY_PROBE, "{}")).isSuccess();
            assertEnvelope(emulator.signingWith(NEW_PASSWORD).post(OBPROXY_PROBE, "{}")).isMiddlewareError(401,
                    "Security.Authentication.IncorrectAgentPassword", UNAUTHORIZED,
                    "Unauthorized: Agent password is incorrect");
        }
    }

    private String signedHeader(String json) throws GeneralSecurityException {
        String publicKey = unsigned("GET", "/api/v1/secret").data().get("public_key").stringValue();
        return Base64.getEncoder().encodeToString(RsaKeys.encryptChunks(
                RsaKeys.publicKeyFromPkcs1(Base64.getDecoder().decode(publicKey)),
                json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends bytes exactly as written, for what HttpClient always adds (Content-Length). */
    private String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private boolean security() {
        return unsigned("GET", "/api/v1/info").data().get("security").booleanValue();
    }

    private static String passwordJson(String password) {
        return "{\"password\":\"" + password + "\"}";
    }
}
