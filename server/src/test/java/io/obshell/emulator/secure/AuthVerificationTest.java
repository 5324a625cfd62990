package io.obshell.emulator.secure;

import static io.obshell.emulator.EnvelopeAssert.DECRYPT_FAILED;
import static io.obshell.emulator.EnvelopeAssert.JSON;
import static io.obshell.emulator.EnvelopeAssert.JSON_UTF8;
import static io.obshell.emulator.EnvelopeAssert.UNAUTHORIZED;
import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.client.ObshellClient.HeaderType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The hybrid-encrypted authentication over real HTTP: every row of auth.md §4.3, the check
 * order of §4.2 and what the real clients send (§11).
 */
@EmulatorHttpTest
class AuthVerificationTest {

    private static final String OBPROXY_PROBE = "/api/v1/obproxy/probe";
    private static final String PASSWORD = EmulatorTestClient.PASSWORD;
    private static final String TRACE_HEADER = "X-OBSHELL-Trace-ID";

    @Autowired
    EmulatorTestClient emulator;

    /** Signs with the agent password, which @BeforeEach makes the agent's. */
    ObshellClient client;

    @BeforeEach
    void agentWithPassword() {
        client = emulator.withPassword();
    }

    @Nested
    class HeaderDecryption {

        // auth.md §4.2 step 1: strict std base64, Go's CorruptInputError names the byte.
        @ParameterizedTest
        @CsvSource({"abc$def, 3", "abc, 0", "QUJD=, 4"})
        void headerThatIsNotBase64IsDecryptFailedNamingTheOffendingByte(String header, int offendingByte) {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).rawHeaderValue(header)
                    .body("{}").header(TRACE_HEADER, "sent-trace").send();

            assertEnvelope(response).isDecryptError(401, "Security.Authentication.Header.DecryptFailed",
                    DECRYPT_FAILED, "Decrypt http header failed: illegal base64 data at input byte " + offendingByte);
        }

        @Test
        void headerEncryptedForAnotherKeyIsDecryptFailed() throws GeneralSecurityException {
            RSAPublicKey otherKey = (RSAPublicKey) RsaKeys.generate().getPublic();
            String header = Base64.getEncoder().encodeToString(
                    RsaKeys.encryptChunks(otherKey, headerJson(PASSWORD, futureTs(), OBPROXY_PROBE)));

            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).rawHeaderValue(header)
                    .body("{}").send();

            assertEnvelope(response).isDecryptError(401, "Security.Authentication.Header.DecryptFailed",
                    DECRYPT_FAILED, "Decrypt http header failed: crypto/rsa: decryption error");
        }

        /** A block of zeros (no valid padding), a short block, a block above any 1024-bit modulus. */
        @ParameterizedTest
        @CsvSource({"0, 128", "65, 5", "255, 128"})
        void garbageCiphertextIsDecryptFailed(int fill, int length) {
            byte[] garbage = new byte[length];
            Arrays.fill(garbage, (byte) fill);

            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE)
                    .rawHeaderValue(Base64.getEncoder().encodeToString(garbage)).body("{}").send();

            assertEnvelope(response).isDecryptError(401, "Security.Authentication.Header.DecryptFailed",
                    DECRYPT_FAILED, "Decrypt http header failed: crypto/rsa: decryption error");
        }

        // auth.md §2.2: HttpHeader.Ts is a Go string, so a JSON number fails the whole header.
        @Test
        void tsSentAsJsonNumberIsDecryptFailed() {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE)
                    .rawHeaderJson("{\"auth\":\"" + PASSWORD + "\",\"ts\":" + futureTs() + ",\"uri\":\""
                            + OBPROXY_PROBE + "\"}")
                    .body("{}").send();

            assertEnvelope(response).isDecryptError(401, "Security.Authentication.Header.DecryptFailed",
                    DECRYPT_FAILED, "Decrypt http header failed: "
                            + "json: cannot unmarshal number into Go struct field HttpHeader.Ts of type string");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "{auth:1}       | invalid character 'a' looking for beginning of object key string",
            "not json       | invalid character 'o' in literal null (expecting 'u')",
            "{\"auth\":\"x\" | unexpected end of JSON input",
            "{} {}          | invalid character '{' after top-level value"})
        void headerThatIsNotJsonIsDecryptFailedWithGoSyntaxError(String json, String goError) {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).rawHeaderJson(json)
                    .body("{}").send();

            assertEnvelope(response).isDecryptError(401, "Security.Authentication.Header.DecryptFailed",
                    DECRYPT_FAILED, "Decrypt http header failed: " + goError);
        }

        // encoding/json decodes a []byte field with std base64 and reports its error as is.
        @Test
        void keysThatAreNotBase64AreDecryptFailed() {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE)
                    .rawHeaderJson("{\"auth\":\"" + PASSWORD + "\",\"ts\":\"" + futureTs() + "\",\"uri\":\""
                            + OBPROXY_PROBE + "\",\"keys\":\"@@@@\"}")
                    .body("{}").send();

            assertEnvelope(response).isDecryptError(401, "Security.Authentication.Header.DecryptFailed",
                    DECRYPT_FAILED, "Decrypt http header failed: illegal base64 data at input byte 0");
        }

        // auth.md §4.2 step 1 runs on every /api/v1 route, protected or not.
        @Test
        void headerSentToAnUnprotectedRouteIsStillDecrypted() {
            ObshellClient.Response bad = client.request("GET", "/api/v1/info").rawHeaderValue("not-base64!").send();
            assertEnvelope(bad).isDecryptError(401, "Security.Authentication.Header.DecryptFailed",
                    DECRYPT_FAILED, "Decrypt http header failed: illegal base64 data at input byte 3");

            ObshellClient.Response good = client.request("GET", "/api/v1/info").auth("any password").send();
            assertEnvelope(good).isSuccess();
        }
    }

    @Nested
    class Verification {

        @Test
        void noHeaderOnAProtectedRouteIsHeaderNotFound() {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).headerType(HeaderType.NONE)
                    .body("{}").send();

            assertEnvelope(response).isMiddlewareError(400, "Request.Header.NotFound", null,
                    "X-OCS-Agent-Header or X-OCS-Header not found in http request header");
        }

        // auth.md §2.1: obproxy routes accept only X-OCS-Agent-Header, whatever it carries.
        @Test
        void obHeaderOnAnObproxyRouteIsHeaderNotFound() {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE)
                    .headerType(HeaderType.OCEANBASE).auth(PASSWORD).body("{}").send();

            assertEnvelope(response).isMiddlewareError(400, "Request.Header.NotFound", null,
                    "X-OCS-Agent-Header or X-OCS-Header not found in http request header");
        }

        // The uri is checked before the password, so a wrong password does not hide the mismatch.
        @Test
        void signedUriOfAnotherPathIsUriMismatch() {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).uri("/api/v1/obproxy/upgrade")
                    .auth("wrong password").body("{}").send();

            assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.Header.UriMismatch",
                    UNAUTHORIZED, "URI mismatch");
        }

        // auth.md §4.2 step 4c: the raw request-target, query included.
        @Test
        void signedUriWithoutTheQueryIsUriMismatch() {
            ObshellClient.Response response = client.request("GET", "/api/v1/task/probe/41?show_details=true")
                    .uri("/api/v1/task/probe/41").send();

            assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.Header.UriMismatch",
                    UNAUTHORIZED, "URI mismatch");
            assertEnvelope(client.get("/api/v1/task/probe/41?show_details=true")).isSuccess();
        }

        @Test
        void signedUriIsComparedWithThePathUndecoded() {
            ObshellClient.Response response = client.request("GET", "/api/v1/task/probe/4%31")
                    .uri("/api/v1/task/probe/41").send();

            assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.Header.UriMismatch",
                    UNAUTHORIZED, "URI mismatch");
            assertEnvelope(client.get("/api/v1/task/probe/4%31")).isSuccess();
        }

        @Test
        void agentWithoutPasswordIsAgentPasswordNotInitialized() {
            emulator.clearPassword();

            ObshellClient.Response response = client.post(OBPROXY_PROBE, "{}");

            assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.AgentPasswordNotInitialized",
                    UNAUTHORIZED, "Unauthorized: Agent password is not initialized");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "abc                   | strconv.ParseInt: parsing \"abc\": invalid syntax",
            "1.7e9                 | strconv.ParseInt: parsing \"1.7e9\": invalid syntax",
            "''                    | strconv.ParseInt: parsing \"\": invalid syntax",
            "99999999999999999999  | strconv.ParseInt: parsing \"99999999999999999999\": value out of range",
            "-99999999999999999999 | strconv.ParseInt: parsing \"-99999999999999999999\": value out of range",
            // ParseUint stops at the first problem, left to right: here the overflow, not the x.
            "99999999999999999999x | strconv.ParseInt: parsing \"99999999999999999999x\": value out of range",
            "9999x99999999999999999 | strconv.ParseInt: parsing \"9999x99999999999999999\": invalid syntax",
            "+                     | strconv.ParseInt: parsing \"+\": invalid syntax"})
        void tsThatIsNotAnInt64IsTimestampInvalid(String ts, String goError) {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).ts(ts).body("{}").send();

            assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.Timestamp.Invalid",
                    UNAUTHORIZED, "Unauthorized: Invalid timestamp: " + ts + ", err: " + goError);
        }

        // ts is an expiry (auth.md §4.2): rejected once the receipt second is past it.
        @Test
        void tsInThePastIsExpired() {
            String past = Long.toString(Instant.now().getEpochSecond() - 100);

            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).ts(past).body("{}").send();

            assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.Expired", UNAUTHORIZED,
                    "Unauthorized: Authentication expired");
        }

        @ParameterizedTest
        @ValueSource(strings = {"wrong password", "emulator#pwd1", "Emulator#Pwd1 "})
        void wrongPasswordIsIncorrectAgentPassword(String wrong) {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).auth(wrong).body("{}").send();

            assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.IncorrectAgentPassword",
                    UNAUTHORIZED, "Unauthorized: Agent password is incorrect").doesNotReveal(PASSWORD, wrong);
        }

        // VerifyAuth parses ts only when auth is non-empty; "" then fails on the password.
        @ParameterizedTest
        @ValueSource(strings = {"abc", "1"})
        void emptyAuthSkipsTheTimestampCheck(String ts) {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).auth("").ts(ts).body("{}")
                    .send();

            assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.IncorrectAgentPassword",
                    UNAUTHORIZED, "Unauthorized: Agent password is incorrect");
        }

        @Test
        void farFutureTsIsAccepted() {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE)
                    .ts(Long.toString(Long.MAX_VALUE)).body("{}").send();

            assertEnvelope(response).isSuccess();
        }

        // ParseInt's error quotes ts with strconv.Quote: Go's short escapes, a hex byte escape for
        // other ASCII controls, a 4- or 8-digit rune escape for every rune unicode.IsPrint rejects;
        // printable runes stay raw.
        @ParameterizedTest
        @MethodSource("io.obshell.emulator.secure.AuthVerificationTest#tsQuotedAsGoDoes")
        void timestampInvalidQuotesTsAsStrconvQuote(String ts, String quoted) {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).ts(ts).body("{}").send();

            assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.Timestamp.Invalid",
                    UNAUTHORIZED, "Unauthorized: Invalid timestamp: " + ts + ", err: strconv.ParseInt: parsing "
                            + quoted + ": invalid syntax");
        }

        // auth.md §4.4: on a SINGLE agent's ob routes, auth may also be the agent password
        // RSA-encrypted with the agent's own key; VerifyAgentRoutes has no such second try.
        @Test
        void obRouteAcceptsTheAgentPasswordEncryptedWithTheAgentKey() throws GeneralSecurityException {
            String encrypted = encryptedForAgent(PASSWORD);

            assertEnvelope(client.request("GET", "/api/v1/task/probe/11").auth(encrypted).send()).isSuccess();
            assertEnvelope(client.request("GET", "/api/v1/task/probe/41").auth(encrypted).send())
                    .isMiddlewareError(401, "Security.Authentication.IncorrectAgentPassword", UNAUTHORIZED,
                            "Unauthorized: Agent password is incorrect");
            assertEnvelope(client.request("POST", OBPROXY_PROBE).auth(encrypted).body("{}").send())
                    .isMiddlewareError(401, "Security.Authentication.IncorrectAgentPassword", UNAUTHORIZED,
                            "Unauthorized: Agent password is incorrect");
        }

        @Test
        void encryptedWrongPasswordOnAnObRouteIsIncorrectAgentPassword() throws GeneralSecurityException {
            ObshellClient.Response response = client.request("GET", "/api/v1/task/probe/11")
                    .auth(encryptedForAgent("wrong password")).send();

            assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.IncorrectAgentPassword",
                    UNAUTHORIZED, "Unauthorized: Agent password is incorrect").doesNotReveal(PASSWORD);
        }

        // Verify special-cases RequestURI == "/api/v1/agent/password" (VerifyForSetAgentPassword,
        // no second try); with a query the agent group's ob rules apply, which have it.
        @Test
        void setPasswordTakesTheEncryptedPasswordOnlyWhenTheRequestUriIsNotExact()
                throws GeneralSecurityException {
            String body = "{\"password\":\"" + PASSWORD + "-2\"}";
            ObshellClient.Response exact = client.request("POST", "/api/v1/agent/password")
                    .auth(encryptedForAgent(PASSWORD)).body(body).send();
            assertEnvelope(exact).isMiddlewareError(401, "Security.Authentication.IncorrectAgentPassword",
                    UNAUTHORIZED, "Unauthorized: Agent password is incorrect");

            ObshellClient.Response withQuery = client.request("POST", "/api/v1/agent/password?via=ob-rules")
                    .auth(encryptedForAgent(PASSWORD)).body(body).send();
            assertEnvelope(withQuery).isSuccess();
            assertEnvelope(emulator.signingWith(PASSWORD + "-2").post(OBPROXY_PROBE, "{}")).isSuccess();
        }

        // auth.md §2.1: task IDs starting 4 (IPv4) or 5 (IPv6) are obproxy tasks.
        @ParameterizedTest
        @ValueSource(strings = {"41", "5123"})
        void obHeaderOnAnObproxyTaskIsWithAgentPassword(String id) {
            ObshellClient.Response response = client.request("GET", "/api/v1/task/probe/" + id)
                    .headerType(HeaderType.OCEANBASE).auth(PASSWORD).send();

            assertEnvelope(response).isMiddlewareError(401, "Security.Authentication.WithAgentPassword",
                    UNAUTHORIZED,
                    "Unauthorized: Should use agent_password to verify: this route only support agent password");
            assertThat(client.get("/api/v1/task/probe/" + id).data().stringValue()).isEqualTo(id);
        }

        // Other IDs get the ob rules: on a SINGLE agent without a password anything passes.
        @ParameterizedTest
        @ValueSource(strings = {"11", "3", "x4"})
        void taskIdNotStartingWith4Or5UsesObRouteRules(String id) {
            String path = "/api/v1/task/probe/" + id;
            ObshellClient.Response withPassword = client.request("GET", path).headerType(HeaderType.OCEANBASE)
                    .auth(PASSWORD).send();
            assertEnvelope(withPassword).isMiddlewareError(401, "Security.Authentication.WithAgentPassword",
                    UNAUTHORIZED, "Unauthorized: Should use agent_password to verify: agent password has been set");

            emulator.clearPassword();
            ObshellClient.Response unchecked = client.request("GET", path).headerType(HeaderType.OCEANBASE)
                    .auth("anything").ts("not a number").send();
            assertEnvelope(unchecked).isSuccess().hasGeneratedTraceId();
            assertThat(unchecked.data().stringValue()).isEqualTo(id);
        }
    }

    @Nested
    class BodyDecryption {

        private static final String SIXTEEN_BYTES_BASE64 = "AAAAAAAAAAAAAAAAAAAAAA==";

        // auth.md §4.3: keys shorter than 16 bytes; JSON null and absence both decode to nil.
        @Test
        void bodyWithoutKeysIsKeyAndIvInvalid() {
            String withoutKeys = "{\"auth\":\"" + PASSWORD + "\",\"ts\":\"" + futureTs() + "\",\"uri\":\""
                    + OBPROXY_PROBE + "\"}";
            ObshellClient.Response absent = client.request("POST", OBPROXY_PROBE).rawHeaderJson(withoutKeys)
                    .rawBody(ascii(SIXTEEN_BYTES_BASE64)).header(TRACE_HEADER, "sent-trace").send();
            assertKeyAndIvInvalid(absent);

            ObshellClient.Response nullKeys = client.request("POST", OBPROXY_PROBE).nullKeys()
                    .rawBody(ascii(SIXTEEN_BYTES_BASE64)).send();
            assertKeyAndIvInvalid(nullKeys);

            ObshellClient.Response shortKeys = client.request("POST", OBPROXY_PROBE).keys(new byte[15])
                    .rawBody(ascii(SIXTEEN_BYTES_BASE64)).send();
            assertKeyAndIvInvalid(shortKeys);
        }

        // The body is decrypted before any password check (auth.md §4.2 step 2).
        @Test
        void bodyNotAMultipleOfTheBlockSizeIsContentLengthInvalid() {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).auth("wrong password")
                    .keys(new byte[32]).rawBody(ascii("QUJD")).send();

            assertEnvelope(response).isDecryptError(500, "Request.Body.Decrypt.AES.ContentLength.Invalid", null,
                    "Unauthorized: Decrypted string length is not a multiple of the block size");
        }

        // Go's base64 error is ignored: what decoded before it counts (3 bytes here).
        @Test
        void bodyIsBase64DecodedLeniently() {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).keys(new byte[32])
                    .rawBody(ascii("QUJD$$$$")).send();

            assertEnvelope(response).isDecryptError(500, "Request.Body.Decrypt.AES.ContentLength.Invalid", null,
                    "Unauthorized: Decrypted string length is not a multiple of the block size");
        }

        // NewCBCDecrypter panics on an IV that is not 16 bytes: Recovery's fixed answer.
        @ParameterizedTest
        @ValueSource(ints = {17, 20, 31, 33})
        void ivOfWrongLengthIsThePanicResponse(int keysLength) {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).keys(new byte[keysLength])
                    .rawBody(ascii(SIXTEEN_BYTES_BASE64)).send();

            assertEnvelope(response).isPanic().hasContentType(JSON_UTF8);
        }

        // aes.go builds the CBC decrypter, which panics on an IV that is not 16 bytes, before it
        // checks the length: a bad IV wins over a body that is not a multiple of 16.
        @ParameterizedTest
        @ValueSource(ints = {17, 20, 33})
        void ivOfWrongLengthPanicsBeforeTheLengthCheck(int keysLength) {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).keys(new byte[keysLength])
                    .rawBody(ascii("QUJD")).send();

            assertEnvelope(response).isPanic().hasContentType(JSON_UTF8);
        }

        // BodyDecrypt exempts only a RequestURI equal to /api/v1/package: with a query it decrypts.
        @Test
        void packageUriWithAQueryIsNotExemptFromBodyDecryption() {
            ObshellClient.Response response = client.request("POST", "/api/v1/package?name=x").keys(new byte[32])
                    .rawBody(ascii("QUJD")).send();

            assertEnvelope(response).isDecryptError(500, "Request.Body.Decrypt.AES.ContentLength.Invalid", null,
                    "Unauthorized: Decrypted string length is not a multiple of the block size");
        }

        @Test
        void padByteLargerThanTheDataIsThePanicResponse() throws GeneralSecurityException {
            byte[] keys = new byte[32];
            byte[] plain = new byte[16];
            plain[15] = 17;

            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).keys(keys)
                    .rawBody(Base64.getEncoder().encode(aesWithoutPadding(keys, plain))).send();

            assertEnvelope(response).isPanic().hasContentType(JSON_UTF8);
        }

        @Test
        void bodyDecodingToZeroBytesIsThePanicResponse() {
            ObshellClient.Response response = client.request("POST", OBPROXY_PROBE).keys(new byte[32])
                    .rawBody(ascii("!!!!")).send();

            assertEnvelope(response).isPanic().hasContentType(JSON_UTF8);
        }

        // Recovery writes a response built once at process start (envelope-errors.md §1).
        @Test
        void panicResponseCarriesTheProcessStartTimestamp() {
            Instant before = Instant.now();
            String first = assertEnvelope(client.request("POST", OBPROXY_PROBE).keys(new byte[32])
                    .rawBody(ascii("!!!!")).send()).isPanic().timestamp();
            String second = assertEnvelope(client.request("POST", OBPROXY_PROBE).keys(new byte[20])
                    .rawBody(ascii(SIXTEEN_BYTES_BASE64)).send()).isPanic().timestamp();

            assertThat(second).isEqualTo(first);
            long startAt = client.get("/api/v1/info").data().path("startAt").longValue();
            assertThat(OffsetDateTime.parse(first).toInstant()).isBefore(before)
                    .isBetween(Instant.ofEpochSecond(startAt - 30), Instant.ofEpochSecond(startAt + 30));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"version\":\"4.3.3.0\"}", "{\"name\":\"défi – ✓\",\"n\":[1,2,3]}"})
        void bodyOfACorrectRequestReachesTheHandlerDecrypted(String body) {
            ObshellClient.Response response = client.post(OBPROXY_PROBE, body);

            assertEnvelope(response).isSuccess().hasGeneratedTraceId();
            assertThat(response.data().stringValue()).isEqualTo(body);
        }

        private void assertKeyAndIvInvalid(ObshellClient.Response response) {
            assertEnvelope(response).isDecryptError(500, "Request.Body.Decrypt.AES.KeyAndIv.Invalid", null,
                    "Unauthorized: AES key and IV size error");
        }
    }

    @Nested
    class HeaderChoice {

        // auth.md §2.1: with both headers only X-OCS-Agent-Header is decrypted and used.
        @Test
        void agentHeaderWinsWhenBothHeadersArePresent() {
            ObshellClient.Response ignoredObHeader = client.request("POST", OBPROXY_PROBE)
                    .header(ObshellClient.OB_HEADER, "not-base64!").body("{\"a\":1}").send();
            assertEnvelope(ignoredObHeader).isSuccess();
            assertThat(ignoredObHeader.data().stringValue()).isEqualTo("{\"a\":1}");

            ObshellClient.Response decryptedAgentHeader = client.request("POST", OBPROXY_PROBE)
                    .headerType(HeaderType.OCEANBASE).header(ObshellClient.AGENT_HEADER, "not-base64!")
                    .body("{}").send();
            assertEnvelope(decryptedAgentHeader).isDecryptError(401, "Security.Authentication.Header.DecryptFailed",
                    DECRYPT_FAILED, "Decrypt http header failed: illegal base64 data at input byte 3");
        }

        // auth.md §11: Go field names as keys, Keys null on GET, Content-Type application/json.
        @Test
        void goSdkStyleHeaderIsAccepted() {
            String uri = "/api/v1/task/probe/41";
            ObshellClient.Response get = client.request("GET", uri).contentType(JSON)
                    .rawHeaderJson("{\"Auth\":\"" + PASSWORD + "\",\"Ts\":\"" + futureTs() + "\",\"Uri\":\"" + uri
                            + "\",\"Keys\":null}")
                    .send();
            assertEnvelope(get).isSuccess();

            byte[] keys = new byte[32];
            Arrays.fill(keys, (byte) 7);
            ObshellClient.Response post = client.request("POST", OBPROXY_PROBE).contentType(JSON).keys(keys)
                    .rawHeaderJson("{\"Auth\":\"" + PASSWORD + "\",\"Ts\":\"" + futureTs() + "\",\"Uri\":\""
                            + OBPROXY_PROBE + "\",\"Keys\":\"" + Base64.getEncoder().encodeToString(keys) + "\"}")
                    .body("{\"version\":\"4.3.3.0\"}").send();
            assertEnvelope(post).isSuccess();
            assertThat(post.data().stringValue()).isEqualTo("{\"version\":\"4.3.3.0\"}");
        }
    }

    static Stream<Arguments> tsQuotedAsGoDoes() {
        return Stream.of(
                Arguments.of("\u0007\b\f\u000b", "\"\\a\\b\\f\\v\""),
                Arguments.of("1\u0001\u007f", "\"1\\x01\\x7f\""),
                Arguments.of("1\u00a0", "\"1\\u00a0\""),
                Arguments.of("\u2028\u00ad", "\"\\u2028\\u00ad\""),
                Arguments.of("\udb40\udc01", "\"\\U000e0001\""),
                Arguments.of("é ✓\ufffd", "\"é ✓\ufffd\""));
    }

    private String encryptedForAgent(String password) throws GeneralSecurityException {
        String publicKey = client.get("/api/v1/secret").data().path("public_key").stringValue();
        return Base64.getEncoder().encodeToString(RsaKeys.encryptChunks(
                RsaKeys.publicKeyFromPkcs1(Base64.getDecoder().decode(publicKey)),
                password.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] headerJson(String auth, String ts, String uri) {
        return ("{\"auth\":\"" + auth + "\",\"ts\":\"" + ts + "\",\"uri\":\"" + uri + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String futureTs() {
        return Long.toString(Instant.now().getEpochSecond() + 60);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] aesWithoutPadding(byte[] keys, byte[] plain) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys, 0, 16, "AES"), new IvParameterSpec(keys, 16, 16));
        return cipher.doFinal(plain);
    }
}
