package io.obshell.emulator.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client side of obshell's protocol, as the python SDK speaks it: fetch the public key
 * from {@code /api/v1/secret}, put {@code {auth, ts, uri, keys}} (ts = now + 60 s) in an
 * RSA-encrypted header, AES-encrypt the body. The agent header is used for obproxy routes,
 * obproxy task IDs, and whenever an agent password is configured.
 *
 * <pre>{@code
 * ObshellClient client = ObshellClient.create(URI.create("http://127.0.0.1:2886"), "secret");
 * ObshellClient.Response info = client.get("/api/v1/info");
 * ObshellClient.Response dag = client.post("/api/v1/obproxy/upgrade", "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}");
 * }</pre>
 */
public final class ObshellClient {

    public static final String AGENT_HEADER = "X-OCS-Agent-Header";
    public static final String OB_HEADER = "X-OCS-Header";
    private static final long LIFETIME_SECONDS = 60;

    /** Which auth header a request carries. */
    public enum HeaderType { AGENT, OCEANBASE, NONE }

    /**
     * An HTTP answer: status, raw body, the body parsed as JSON (null when it is not JSON), and
     * the response headers (obshell's Content-Type differs between pipeline stages).
     */
    public record Response(int status, String body, JsonNode json, HttpHeaders headers) {

        /** The Content-Type header exactly as sent, or null. */
        public String contentType() {
            return headers.firstValue("Content-Type").orElse(null);
        }

        public String errCode() {
            return json == null ? null : json.path("error").path("errCode").asString(null);
        }

        public String message() {
            return json == null ? null : json.path("error").path("message").asString(null);
        }

        public JsonNode data() {
            return json == null ? null : json.get("data");
        }
    }

    static {
        JacksonCheck.requireAnnotations();
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String agentPassword;
    private final HttpClient http;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile RSAPublicKey publicKey;

    private ObshellClient(URI base, String agentPassword, Clock clock) {
        this.base = base;
        this.agentPassword = agentPassword;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A client for the agent at {@code base}; {@code agentPassword} may be null (not set yet). */
    public static ObshellClient create(URI base, String agentPassword) {
        return new ObshellClient(base, agentPassword, Clock.systemUTC());
    }

    public static ObshellClient create(URI base, String agentPassword, Clock clock) {
        return new ObshellClient(base, agentPassword, clock);
    }

    /** The agent's base URL, e.g. {@code http://127.0.0.1:2886}. */
    public URI baseUri() {
        return base;
    }

    public Response get(String pathAndQuery) {
        return request("GET", pathAndQuery).send();
    }

    public Response post(String pathAndQuery, String json) {
        return request("POST", pathAndQuery).body(json).send();
    }

    /**
     * Uploads a file as the python SDK's {@code upload_obproxy_pkg} does: a multipart form with
     * one part named {@code file}, the whole form AES-encrypted, the multipart Content-Type kept.
     * The file is read as it is encrypted; the encrypted body is held in memory.
     */
    public Response upload(String path, String filename, Path file) {
        return request("POST", path).multipartFile("file", filename, file).timeout(Duration.ofMinutes(10)).send();
    }

    /** A request to shape before sending: every part of the signed header can be overridden. */
    public Request request(String method, String pathAndQuery) {
        return new Request(method, pathAndQuery);
    }

    /** Forgets the cached public key, as the SDK does after a DecryptFailed answer. */
    public void resetKey() {
        publicKey = null;
    }

    RSAPublicKey publicKey() {
        RSAPublicKey key = publicKey;
        if (key == null) {
            Response secret = request("GET", "/api/v1/secret").headerType(HeaderType.NONE).send();
            if (secret.status() != 200 || secret.data() == null) {
                throw new IllegalStateException("cannot fetch the agent's public key: " + secret.body());
            }
            key = ClientCrypto.publicKeyFromPkcs1(Base64.getDecoder().decode(secret.data().path("public_key").asString()));
            publicKey = key;
        }
        return key;
    }

    private HeaderType defaultHeaderType(String pathAndQuery) {
        if (agentPassword != null || pathAndQuery.startsWith("/api/v1/obproxy")) {
            return HeaderType.AGENT;
        }
        String path = pathAndQuery.split("\\?", 2)[0];
        if (path.startsWith("/api/v1/task/")) {
            String last = path.substring(path.lastIndexOf('/') + 1);
            String[] parts = path.split("/");
            String id = parts.length > 5 ? parts[5] : last;
            if (id.startsWith("4") || id.startsWith("5")) {
                return HeaderType.AGENT;
            }
        }
        return HeaderType.OCEANBASE;
    }

    /** One request in the making. */
    public final class Request {

        private final String method;
        private final String pathAndQuery;
        private HeaderType headerType;
        private String auth;
        private String ts;
        private String uri;
        private byte[] keys;
        private boolean keysNull;
        private byte[] body;
        private Form form;
        private boolean encryptBody = true;
        private String contentType;
        private Duration timeout = Duration.ofSeconds(60);
        private String rawHeaderJson;
        private String rawHeaderValue;
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();

        private Request(String method, String pathAndQuery) {
            this.method = method;
            this.pathAndQuery = pathAndQuery;
        }

        public Request headerType(HeaderType type) {
            this.headerType = type;
            return this;
        }

        public Request auth(String password) {
            this.auth = password;
            return this;
        }

        public Request ts(String expiry) {
            this.ts = expiry;
            return this;
        }

        public Request uri(String signedUri) {
            this.uri = signedUri;
            return this;
        }

        /** Key and IV concatenated, of any length (obshell's checks are on that length). */
        public Request keys(byte[] keyAndIv) {
            this.keys = keyAndIv;
            return this;
        }

        /** Sends {@code "keys": null}, as the Go SDK does on GETs. */
        public Request nullKeys() {
            this.keysNull = true;
            return this;
        }

        public Request body(String json) {
            return body(json.getBytes(StandardCharsets.UTF_8));
        }

        public Request body(byte[] plain) {
            this.body = plain;
            this.form = null;
            return this;
        }

        /** Sends the body as given instead of encrypting it. */
        public Request rawBody(byte[] bytes) {
            this.body = bytes;
            this.form = null;
            this.encryptBody = false;
            return this;
        }

        /** Encrypts this JSON as the header instead of the usual {@code {auth, ts, uri, keys}}. */
        public Request rawHeaderJson(String json) {
            this.rawHeaderJson = json;
            return this;
        }

        /** Sends this exact header value (not encrypted by the client). */
        public Request rawHeaderValue(String value) {
            this.rawHeaderValue = value;
            return this;
        }

        /**
         * Makes the (plaintext) body a multipart form with one file part, as python's requests
         * builds it, and sets its Content-Type.
         */
        public Request multipartFile(String field, String filename, byte[] content) {
            return multipart(field, filename, content, null);
        }

        /** {@link #multipartFile(String, String, byte[])} of a file's content, read when the request is prepared. */
        public Request multipartFile(String field, String filename, Path content) {
            return multipart(field, filename, null, content);
        }

        private Request multipart(String field, String filename, byte[] content, Path file) {
            byte[] token = new byte[16];
            random.nextBytes(token);
            String boundary = HexFormat.of().formatHex(token);
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field
                    + "\"; filename=\"" + filename + "\"\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            body((byte[]) null);
            this.form = new Form(head, content, file, tail);
            return contentType("multipart/form-data; boundary=" + boundary);
        }

        public Request timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public Request contentType(String value) {
            this.contentType = value;
            return this;
        }

        public Request header(String name, String value) {
            extraHeaders.put(name, value);
            return this;
        }

        public Response send() {
            return prepare().send();
        }

        /**
         * Signs and encrypts the request now, to send later: a benchmark times only the
         * exchange, or a test sends the very same bytes twice (an SDK retry).
         */
        public Prepared prepare() {
            HeaderType type = headerType != null ? headerType : defaultHeaderType(pathAndQuery);
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                    .timeout(timeout);
            byte[] keyAndIv = keys;
            if (keyAndIv == null && !keysNull) {
                keyAndIv = new byte[32];
                random.nextBytes(keyAndIv);
            }
            if (type != HeaderType.NONE) {
                builder.header(type == HeaderType.AGENT ? AGENT_HEADER : OB_HEADER, signedHeader(keyAndIv));
            }
            boolean encrypt = encryptBody && type != HeaderType.NONE;
            byte[] payload;
            if (form != null) {
                payload = encrypt ? form.encrypt(keyAndIv) : form.bytes();
            } else {
                payload = body == null ? new byte[0] : encrypt ? ClientCrypto.encryptBody(body, keyAndIv) : body;
            }
            if (contentType != null) {
                builder.header("Content-Type", contentType);
            }
            extraHeaders.forEach(builder::header);
            builder.method(method, payload.length == 0 && !"POST".equals(method)
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(payload));
            return new Prepared(builder.build());
        }

        private String signedHeader(byte[] keyAndIv) {
            if (rawHeaderValue != null) {
                return rawHeaderValue;
            }
            if (rawHeaderJson != null) {
                return encryptHeader(rawHeaderJson.getBytes(StandardCharsets.UTF_8));
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("auth", auth != null ? auth : agentPassword != null ? agentPassword : "");
            fields.put("ts", ts != null ? ts : Long.toString(clock.instant().getEpochSecond() + LIFETIME_SECONDS));
            fields.put("uri", uri != null ? uri : pathAndQuery);
            fields.put("keys", keyAndIv == null ? null : Base64.getEncoder().encodeToString(keyAndIv));
            return encryptHeader(JSON.writeValueAsBytes(fields));
        }

        private String encryptHeader(byte[] json) {
            try {
                return Base64.getEncoder().encodeToString(ClientCrypto.encryptChunks(publicKey(), json));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("RSA unavailable", e);
            }
        }
    }

    /**
     * A multipart form of one file part, its content in memory or in a file: encrypted straight
     * from its three pieces, never first joined into one copy of the whole form.
     */
    private record Form(byte[] head, byte[] content, Path file, byte[] tail) {

        byte[] encrypt(byte[] keyAndIv) {
            try (InputStream plain = open()) {
                return ClientCrypto.encryptBody(plain, head.length + contentLength() + tail.length, keyAndIv);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] bytes() {
            try (InputStream plain = open()) {
                return plain.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private long contentLength() throws IOException {
            return content != null ? content.length : Files.size(file);
        }

        private InputStream open() throws IOException {
            InputStream middle = content != null ? new ByteArrayInputStream(content) : Files.newInputStream(file);
            return new SequenceInputStream(Collections.enumeration(
                    List.of(new ByteArrayInputStream(head), middle, new ByteArrayInputStream(tail))));
        }
    }

    /** A signed, encrypted request ({@link Request#prepare()}); each {@link #send()} sends it as it is. */
    public final class Prepared {

        private final HttpRequest request;

        private Prepared(HttpRequest request) {
            this.request = request;
        }

        public Response send() {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                return new Response(response.statusCode(), response.body(), parse(response.body()),
                        response.headers());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? null : JSON.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
