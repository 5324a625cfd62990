package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.obshell.emulator.api.GoBase64;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.client.ObshellClient.HeaderType;
import io.obshell.emulator.client.ObshellClient.Response;
import io.obshell.emulator.junit.ObshellEmulatorExtension;
import io.obshell.emulator.junit.StandaloneEmulator;
import io.obshell.emulator.junit.TestRoutesEmulator;
import io.obshell.emulator.secure.RsaKeys;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 2's robustness bar, over real HTTP: random and damaged auth headers and bodies each
 * get one of the documented envelopes (auth.md §4.3, envelope-errors.md §1–2), with the
 * errCode documented for that situation, and after every try a correctly signed request
 * still succeeds. One emulator serves the whole class.
 */
class MalformedRequestPropertyTest {

    private static final String PASSWORD = "Prop#Pwd1";
    private static final String PROBE = "/api/v1/obproxy/probe";
    private static final String BASE64_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final Set<Integer> DOCUMENTED_STATUSES = Set.of(200, 400, 401, 404, 500);
    private static final Set<String> ENVELOPE_KEYS =
            Set.of("successful", "timestamp", "duration", "status", "traceId", "data", "error");
    private static final Set<String> ERROR_KEYS = Set.of("code", "errCode", "message");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static StandaloneEmulator emulator;
    private static ObshellClient client;
    private static RSAPublicKey serverKey;
    private static List<RSAPublicKey> foreignKeys;

    /** What the server should answer: status and errCode (null for success). */
    record Outcome(int status, String errCode) {
        static final Outcome OK = new Outcome(200, null);
        static final Outcome DECRYPT_FAILED = new Outcome(401, "Security.Authentication.Header.DecryptFailed");
        static final Outcome HEADER_NOT_FOUND = new Outcome(400, "Request.Header.NotFound");
        static final Outcome KEY_AND_IV = new Outcome(500, "Request.Body.Decrypt.AES.KeyAndIv.Invalid");
        static final Outcome CONTENT_LENGTH = new Outcome(500, "Request.Body.Decrypt.AES.ContentLength.Invalid");
        static final Outcome UNEXPECTED = new Outcome(500, "Common.Unexpected");
        static final Outcome URI_MISMATCH = new Outcome(401, "Security.Authentication.Header.UriMismatch");
        static final Outcome TIMESTAMP_INVALID = new Outcome(401, "Security.Authentication.Timestamp.Invalid");
        static final Outcome EXPIRED = new Outcome(401, "Security.Authentication.Expired");
        static final Outcome WRONG_PASSWORD = new Outcome(401, "Security.Authentication.IncorrectAgentPassword");

        static Outcome of(Response response) {
            return new Outcome(response.status(), response.errCode());
        }
    }

    /** The expected outcome and, for a success on the probe, the body it echoes. */
    record Expected(Outcome outcome, String echo) {
    }

    /**
     * jqwik runs no JUnit Jupiter extension, so the emulator comes from the extension's
     * programmatic side: started once for the container, in its own process, stopped after it.
     * Its classpath keeps our test classes, for PolicyProbeController's echoing routes.
     */
    @BeforeContainer
    static void startEmulator() throws GeneralSecurityException {
        emulator = TestRoutesEmulator.start(ObshellEmulatorExtension.builder()
                .agentPassword(PASSWORD)
                .property("spring.main.sources", PolicyProbeController.class.getName())
                // The oracle is obshell's, which reads bodies and headers of any size: the
                // emulator's own bounds (BodyLimitsTest, HostileClientsTest) are raised here.
                .property("obshell.emulator.limits.api-body", "16MB")
                .property("obshell.emulator.limits.auth-header", "1MB")
                .property("server.max-http-request-header-size", "1MB"));
        client = emulator.client();
        Response secret = client.get("/api/v1/secret");
        serverKey = RsaKeys.publicKeyFromPkcs1(Base64.getDecoder().decode(secret.data().path("public_key").asString()));
        foreignKeys = List.of(generateKey(512), generateKey(1024), generateKey(2048));
    }

    @AfterContainer
    static void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @AfterTry
    void aSignedRequestStillSucceeds() {
        Response response = client.post(PROBE, "{\"alive\":true}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.data().asString()).isEqualTo("{\"alive\":true}");
    }

    // ---- headers -------------------------------------------------------------------------

    @Property(tries = 200)
    void aRandomHeaderValueIsADecryptFailureOnEveryRoute(@ForAll("headerValues") String value,
            @ForAll("routes") String route, @ForAll boolean agentHeader) {
        String[] methodAndPath = route.split(" ", 2);
        Response response = client.request(methodAndPath[0], methodAndPath[1])
                .headerType(agentHeader ? HeaderType.AGENT : HeaderType.OCEANBASE)
                .rawHeaderValue(value)
                .rawBody("POST".equals(methodAndPath[0]) ? "{}".getBytes(StandardCharsets.US_ASCII) : new byte[0])
                .send();

        assertAnswer(response, Outcome.DECRYPT_FAILED);
        assertThat(response.json().path("error").path("code").asInt()).isEqualTo(1);
        assertThat(response.message()).startsWith("Decrypt http header failed: ");
        assertThat(response.json().path("traceId").asString()).isEmpty();
    }

    /** How a captured header gets damaged: in its base64 text or in the ciphertext under it. */
    enum Damage {
        FLIP_CIPHERTEXT_BIT, DROP_CIPHERTEXT_TAIL, APPEND_CIPHERTEXT, CUT_TEXT, DELETE_CHAR, INSERT_CHAR,
        REPLACE_CHAR, APPEND_TEXT
    }

    @Property(tries = 200)
    void aDamagedSignedHeaderIsADecryptFailureUnlessTheCiphertextSurvived(@ForAll Damage damage,
            @ForAll @IntRange(max = 100_000) int where, @ForAll("headerNoise") char noise) throws Exception {
        byte[] keys = randomBytes(32);
        byte[] ciphertext = RsaKeys.encryptChunks(serverKey, headerJson(PASSWORD, PROBE, keys));
        String damaged = damage(damage, ciphertext, where, noise);
        GoBase64.Result decoded = GoBase64.decode(damaged.getBytes(StandardCharsets.ISO_8859_1));
        boolean survived = decoded.ok() && Arrays.equals(decoded.bytes(), ciphertext);

        Response response = client.request("POST", PROBE).rawHeaderValue(damaged).keys(keys).body("{\"x\":1}").send();

        assertAnswer(response, survived ? Outcome.OK : Outcome.DECRYPT_FAILED);
    }

    @Property(tries = 30)
    void aHeaderForAnotherKeyOrBlockSizeIsAnRsaDecryptionError(@ForAll("foreignKey") RSAPublicKey key,
            @ForAll @StringLength(max = 300) String auth) throws Exception {
        byte[] keys = randomBytes(32);
        String header = Base64.getEncoder().encodeToString(
                RsaKeys.encryptChunks(key, headerJson(auth, PROBE, keys)));

        Response response = client.request("POST", PROBE).rawHeaderValue(header).keys(keys).body("{}").send();

        assertAnswer(response, Outcome.DECRYPT_FAILED);
        assertThat(response.message()).isEqualTo("Decrypt http header failed: crypto/rsa: decryption error");
    }

    @Property(tries = 200)
    void anyPlaintextInTheHeaderGetsADocumentedAnswer(@ForAll("headerPlaintexts") byte[] plaintext,
            @ForAll("rawBodies") byte[] body, @ForAll boolean agentHeader) throws Exception {
        Response response = client.request("POST", PROBE)
                .headerType(agentHeader ? HeaderType.AGENT : HeaderType.OCEANBASE)
                .rawHeaderValue(Base64.getEncoder().encodeToString(RsaKeys.encryptChunks(serverKey, plaintext)))
                .rawBody(body)
                .send();

        // Each step of auth.md §4.2 in turn may refuse: header, body, then Verify. Nothing
        // encrypts to an empty header value, which is no header at all.
        Set<Outcome> documented = plaintext.length == 0 ? Set.of(Outcome.HEADER_NOT_FOUND) : agentHeader
                ? Set.of(Outcome.DECRYPT_FAILED, Outcome.KEY_AND_IV, Outcome.CONTENT_LENGTH, Outcome.UNEXPECTED,
                        Outcome.URI_MISMATCH, Outcome.TIMESTAMP_INVALID, Outcome.EXPIRED, Outcome.WRONG_PASSWORD,
                        Outcome.OK)
                : Set.of(Outcome.DECRYPT_FAILED, Outcome.KEY_AND_IV, Outcome.CONTENT_LENGTH, Outcome.UNEXPECTED,
                        Outcome.HEADER_NOT_FOUND);
        assertAnswer(response, documented);
    }

    // ---- keys and bodies -------------------------------------------------------------------

    @Property(tries = 200)
    void keysOfEveryLengthGetTheirDocumentedAnswer(@ForAll @IntRange(min = -1, max = 64) int keysLength,
            @ForAll("rawBodies") byte[] rawBody, @ForAll boolean encryptProperly) throws Exception {
        byte[] keys = keysLength < 0 ? null : randomBytes(keysLength);
        ObshellClient.Request request = client.request("POST", PROBE);
        request = keys == null ? request.nullKeys() : request.keys(keys);
        Expected expected;
        if (encryptProperly && keysLength == 32) {
            request.body("{\"properly\":true}");
            expected = new Expected(Outcome.OK, "{\"properly\":true}");
        } else {
            request.rawBody(rawBody);
            expected = expectedForBody(keys, rawBody);
        }

        Response response = request.send();

        assertAnswer(response, expected);
    }

    @Property(tries = 200)
    void anyBodyUnderAValidHeaderIsDecryptedAsGoDoes(@ForAll("rawBodies") byte[] body) {
        byte[] keys = randomBytes(32);

        Response response = client.request("POST", PROBE).keys(keys).rawBody(body).send();

        assertAnswer(response, expectedForBody(keys, body));
    }

    // ---- huge values -------------------------------------------------------------------------

    @Example
    void aHundredKilobyteHeaderOfBase64IsADecryptFailure() {
        String value = randomBase64Text(100 * 1024);

        Response response = client.request("POST", PROBE).rawHeaderValue(value).body("{}").send();

        assertAnswer(response, Outcome.DECRYPT_FAILED);
    }

    @Example
    void aHundredKilobytePasswordInsideAValidHeaderIsJustAWrongPassword() throws Exception {
        byte[] keys = randomBytes(32);
        String auth = randomBase64Text(100 * 1024);
        String header = Base64.getEncoder().encodeToString(
                RsaKeys.encryptChunks(serverKey, headerJson(auth, PROBE, keys)));

        Response response = client.request("POST", PROBE).rawHeaderValue(header).keys(keys).body("{}").send();

        assertAnswer(response, Outcome.WRONG_PASSWORD);
    }

    @Example
    void aFiveMegabyteEncryptedBodyArrivesWhole() {
        String plain = "{\"blob\":\"" + randomBase64Text(5 * 1024 * 1024) + "\"}";

        Response response = client.request("POST", PROBE).body(plain).send();

        assertAnswer(response, Outcome.OK);
        assertThat(response.data().asString()).isEqualTo(plain);
    }

    @Example
    void fiveMegabytesOfRandomBytesAsBodyGetTheDocumentedAnswer() {
        byte[] keys = randomBytes(32);
        byte[] body = randomBytes(5 * 1024 * 1024);

        Response response = client.request("POST", PROBE).keys(keys).rawBody(body).send();

        assertAnswer(response, expectedForBody(keys, body));
    }

    @Example
    void fiveMegabytesOfBase64ThatIsNotOurCiphertextGetTheDocumentedAnswer() {
        byte[] keys = randomBytes(32);
        byte[] body = randomBase64Text(5 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII);

        Response response = client.request("POST", PROBE).keys(keys).rawBody(body).send();

        assertAnswer(response, expectedForBody(keys, body));
    }

    // ---- oracle and checks -------------------------------------------------------------------

    /**
     * auth.md §8 C.7 in the order of obshell's aes.go: an empty body skips decryption (and
     * reads as {@code {}}); keys shorter than 16 bytes; an IV that is not 16 bytes panics (the
     * CBC decrypter is created before the length check); lenient base64 not a multiple of 16;
     * then the other panics (nothing decoded, a pad byte beyond the data); else the plaintext
     * less as many bytes as its last byte says.
     */
    static Expected expectedForBody(byte[] keys, byte[] body) {
        if (body.length == 0) {
            return new Expected(Outcome.OK, "{}");
        }
        if (keys == null || keys.length < 16) {
            return new Expected(Outcome.KEY_AND_IV, null);
        }
        if (keys.length != 32) {
            return new Expected(Outcome.UNEXPECTED, null);
        }
        byte[] ciphertext = GoBase64.decode(body).bytes();
        if (ciphertext.length % 16 != 0) {
            return new Expected(Outcome.CONTENT_LENGTH, null);
        }
        if (ciphertext.length == 0) {
            return new Expected(Outcome.UNEXPECTED, null);
        }
        byte[] plain = aesCbcNoPadding(keys, ciphertext);
        int pad = plain[plain.length - 1] & 0xff;
        if (pad > plain.length) {
            return new Expected(Outcome.UNEXPECTED, null);
        }
        return new Expected(Outcome.OK, new String(plain, 0, plain.length - pad, StandardCharsets.UTF_8));
    }

    private static void assertAnswer(Response response, Expected expected) {
        assertAnswer(response, expected.outcome());
        if (expected.echo() != null) {
            assertThat(response.data().asString()).isEqualTo(expected.echo());
        }
    }

    private static void assertAnswer(Response response, Outcome expected) {
        assertAnswer(response, Set.of(expected));
    }

    /** One of obshell's envelopes (envelope-errors.md §1, §2.1), and one of these outcomes. */
    private static void assertAnswer(Response response, Set<Outcome> documented) {
        String body = response.body();
        assertThat(body).as("no HTML, stack trace or Spring error page")
                .doesNotContain("<html", "Whitelabel", "\tat ", "java.lang.", "org.springframework");
        JsonNode json = response.json();
        assertThat(json).as("a JSON envelope: %s", body).isNotNull();
        assertThat(json.isObject()).as(body).isTrue();
        assertThat(fieldNames(json)).as(body).isSubsetOf(ENVELOPE_KEYS)
                .contains("successful", "timestamp", "duration", "status", "traceId");
        assertThat(response.status()).as(body).isIn(DOCUMENTED_STATUSES);
        assertThat(json.path("status").asInt()).as(body).isEqualTo(response.status());
        assertThat(json.path("successful").asBoolean()).as(body).isEqualTo(response.status() == 200);
        if (response.status() == 200) {
            assertThat(json.has("error")).as(body).isFalse();
        } else {
            JsonNode error = json.path("error");
            assertThat(fieldNames(error)).as(body).isSubsetOf(ERROR_KEYS).contains("errCode", "message");
            assertThat(error.path("message").isString()).as(body).isTrue();
        }
        assertThat(documented).as("answer %s", body).contains(Outcome.of(response));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.properties().forEach(property -> names.add(property.getKey()));
        return names;
    }

    // ---- generators --------------------------------------------------------------------------

    @Provide
    Arbitrary<String> routes() {
        return Arbitraries.of("POST /api/v1/obproxy/probe", "GET /api/v1/task/probe/41", "GET /api/v1/task/probe/1",
                "GET /api/v1/info", "GET /api/v1/secret", "GET /api/v1/time", "POST /api/v1/status",
                "POST /api/v1/agent/password", "POST /api/v1/probe/open", "GET /api/v1/no/such/route");
    }

    /** Non-blank header values: base64-looking text of any length, arbitrary visible bytes, Latin-1. */
    @Provide
    Arbitrary<String> headerValues() {
        Arbitrary<String> base64Text = Arbitraries.strings().withChars(BASE64_ALPHABET + "=").ofMinLength(1)
                .ofMaxLength(800);
        Arbitrary<String> wholeQuanta = Arbitraries.integers().between(1, 250)
                .flatMap(n -> Arbitraries.strings().withChars(BASE64_ALPHABET).ofLength(4 * n));
        Arbitrary<String> visible = Arbitraries.strings().withCharRange('!', '~').withChars(" \t").ofMinLength(1)
                .ofMaxLength(300);
        Arbitrary<String> latin1 = Arbitraries.strings().withCharRange('\u00a0', '\u00ff').withCharRange('A', 'z')
                .ofMinLength(1).ofMaxLength(100);
        return Arbitraries.oneOf(base64Text, wholeQuanta, visible, latin1).filter(s -> !s.isBlank());
    }

    @Provide
    Arbitrary<Character> headerNoise() {
        return Arbitraries.chars().with(BASE64_ALPHABET + "=!-_.*%\"{}");
    }

    @Provide
    Arbitrary<RSAPublicKey> foreignKey() {
        return Arbitraries.of(foreignKeys);
    }

    /**
     * What might be encrypted into a header: JSON objects made of the real keys in any case,
     * with right, wrong and wrongly typed values; other JSON values; damaged JSON; random bytes
     * and invalid UTF-8.
     */
    @Provide
    Arbitrary<byte[]> headerPlaintexts() {
        Arbitrary<String> key = Arbitraries.of("auth", "Auth", "AUTH", "ts", "Ts", "uri", "URI", "keys", "Keys",
                "session_id", "token", "Sha256", "forwardtype", "x", "");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of(quote(PASSWORD), quote(PROBE), quote(Long.toString(nowPlus(60))),
                        quote(Long.toString(nowPlus(-60))), quote("12x"), quote(""),
                        quote(Base64.getEncoder().encodeToString(randomBytes(32))), quote("!!"), quote("AQI"),
                        "null", "true", "1", "-2.5e3", "[]", "[1,2,300]", "{\"a\":[{}]}", "\"\\ud800\""),
                Arbitraries.strings().alpha().numeric().ofMaxLength(30).map(MalformedRequestPropertyTest::quote),
                Arbitraries.integers().between(0, 64).map(n -> quote(Base64.getEncoder().encodeToString(randomBytes(n)))));
        Arbitrary<String> member = Combinators.combine(key, value).as((k, v) -> quote(k) + ":" + v);
        Arbitrary<String> object = member.list().ofMaxSize(8).map(members -> "{" + String.join(",", members) + "}");
        Arbitrary<byte[]> json = Arbitraries.oneOf(object, object, object,
                Arbitraries.of("null", "[]", "\"s\"", "1", "true", "{}", "", " ", "{\"auth\":", "[".repeat(10_001)))
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> cut = Combinators.combine(json, Arbitraries.integers().between(0, 100))
                .as((bytes, percent) -> Arrays.copyOf(bytes, bytes.length * percent / 100));
        Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> invalidUtf8 = object.map(s -> s.replace("x", "\u0000").getBytes(StandardCharsets.UTF_8))
                .map(bytes -> withInvalidUtf8(bytes));
        return Arbitraries.oneOf(json, cut, randomBytes, invalidUtf8);
    }

    /**
     * Request bodies: nothing, random bytes (mostly not UTF-8), base64 of random lengths, our
     * ciphertext cut short or with garbage in it, newlines, text that decodes to nothing.
     */
    @Provide
    Arbitrary<byte[]> rawBodies() {
        Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300);
        Arbitrary<byte[]> base64 = Arbitraries.integers().between(0, 80)
                .map(n -> Base64.getEncoder().encode(randomBytes(n)));
        Arbitrary<byte[]> blockAligned = Arbitraries.integers().between(1, 5)
                .map(n -> Base64.getMimeEncoder().encode(randomBytes(16 * n)));
        Arbitrary<byte[]> damaged = Combinators.combine(blockAligned, Arbitraries.integers().between(0, 100),
                Arbitraries.chars().with(BASE64_ALPHABET + "=\r\n!{"), Arbitraries.of(true, false))
                .as((text, percent, c, cut) -> {
                    int at = text.length * percent / 100;
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(text, 0, at);
                    if (!cut) {
                        out.write(c);
                        out.write(text, at, text.length - at);
                    }
                    return out.toByteArray();
                });
        Arbitrary<byte[]> fixed = Arbitraries.of("", "{}", "\r\n", "!!!!", "====", "QQ==", "QUJD\r\n")
                .map(s -> s.getBytes(StandardCharsets.US_ASCII));
        return Arbitraries.oneOf(randomBytes, base64, blockAligned, damaged, fixed);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static byte[] headerJson(String auth, String uri, byte[] keys) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("auth", auth);
        fields.put("ts", Long.toString(nowPlus(60)));
        fields.put("uri", uri);
        fields.put("keys", Base64.getEncoder().encodeToString(keys));
        return JSON.writeValueAsBytes(fields);
    }

    private static String damage(Damage damage, byte[] ciphertext, int where, char noise) {
        String text = Base64.getEncoder().encodeToString(ciphertext);
        int at = where % text.length();
        return switch (damage) {
            case FLIP_CIPHERTEXT_BIT -> {
                byte[] flipped = ciphertext.clone();
                flipped[where % flipped.length] ^= (byte) (1 << (where % 8));
                yield Base64.getEncoder().encodeToString(flipped);
            }
            // Any block size but the key's 128 bytes.
            case DROP_CIPHERTEXT_TAIL -> Base64.getEncoder().encodeToString(
                    Arrays.copyOf(ciphertext, ciphertext.length - 1 - where % 127));
            case APPEND_CIPHERTEXT -> {
                ByteArrayOutputStream longer = new ByteArrayOutputStream();
                longer.writeBytes(ciphertext);
                longer.writeBytes(randomBytes(1 + where % 200));
                yield Base64.getEncoder().encodeToString(longer.toByteArray());
            }
            case CUT_TEXT -> text.substring(0, 1 + where % (text.length() - 1));
            case DELETE_CHAR -> text.substring(0, at) + text.substring(at + 1);
            case INSERT_CHAR -> text.substring(0, at) + noise + text.substring(at);
            case REPLACE_CHAR -> text.substring(0, at) + noise + text.substring(at + 1);
            case APPEND_TEXT -> text + noise;
        };
    }

    private static byte[] withInvalidUtf8(byte[] bytes) {
        byte[] broken = bytes.clone();
        for (int k = 0; k < broken.length; k++) {
            if (broken[k] == 0) {
                broken[k] = (byte) 0xff;
            }
        }
        return broken;
    }

    private static byte[] aesCbcNoPadding(byte[] keys, byte[] ciphertext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys, 0, 16, "AES"), new IvParameterSpec(keys, 16, 16));
            return cipher.doFinal(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAPublicKey generateKey(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return (RSAPublicKey) generator.generateKeyPair().getPublic();
    }

    private static String randomBase64Text(int length) {
        return Base64.getEncoder().encodeToString(randomBytes(length / 4 * 3)).substring(0, length / 4 * 4);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static long nowPlus(long seconds) {
        return System.currentTimeMillis() / 1000 + seconds;
    }

    private static String quote(String s) {
        return JSON.writeValueAsString(s);
    }
}
