package io.obshell.emulator.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.obshell.emulator.api.ApiRequest;
import io.obshell.emulator.api.GoJson;
import io.obshell.emulator.secure.AuthHeader;
import io.obshell.emulator.secure.DecryptedBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Journals every {@code /api/v1} request. It sits just outside the envelope filter, so it sees
 * the answer the client actually got, rejected requests included (their envelope is written by
 * that filter); the decrypted header and body are read from what the decryption filters left
 * on the request. Secrets never enter the journal: {@code auth} and password fields are
 * masked, the AES keys are left out, package bodies are only summarised.
 */
class JournalFilter extends OncePerRequestFilter {

    static final int BODY_LIMIT = 64 * 1024;
    /** URIs and messages longer than this keep only their start. */
    static final int TEXT_LIMIT = 2048;
    static final String MASK = "***";

    private static final Logger log = LoggerFactory.getLogger(JournalFilter.class);
    private static final String AGENT_HEADER = "X-OCS-Agent-Header";
    private static final String OB_HEADER = "X-OCS-Header";
    /** Folded ({@link GoJson#fold}) words whose presence makes a key a secret: every password field of obshell's request structs has one. */
    private static final List<String> SECRET_WORDS = List.of("PASSWORD", "PASSWD", "PWD", "PASSPHRASE");

    private final RequestJournal journal;
    private final JsonMapper json;
    private final Clock clock;

    JournalFilter(RequestJournal journal, JsonMapper json, Clock clock) {
        this.journal = journal;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            try {
                journal.record(entry(request, response, (System.nanoTime() - start) / 1_000_000));
            } catch (RuntimeException e) {
                // The journal is a debugging aid: it must never change what the client gets.
                log.warn("could not journal {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            }
        }
    }

    private JournalEntry entry(HttpServletRequest request, HttpServletResponse response, long durationMs) {
        ApiRequest apiRequest = ApiRequest.of(request);
        ApiRequest.Outcome outcome = apiRequest == null ? null : apiRequest.outcome();
        String time = (apiRequest != null ? apiRequest.receivedAt() : clock.instant()).toString();
        String query = request.getQueryString();
        String path = cap(request.getRequestURI());
        String uri = query == null ? path : cap(path + "?" + maskQuery(query));
        String traceId = outcome != null ? outcome.traceId() : apiRequest != null ? apiRequest.traceId() : "";
        Body body = body(request);
        return new JournalEntry(0, time, request.getMethod(), uri, path, authHeaderSent(request),
                header(AuthHeader.of(request)), body.json(), body.summary(), response.getStatus(),
                outcome == null ? null : outcome.errCode(), outcome == null ? null : cap(outcome.message()), traceId,
                durationMs);
    }

    /** Long URIs and messages keep their start: enough to recognise them, never a heap's worth. */
    static String cap(String text) {
        if (text == null || text.length() <= TEXT_LIMIT) {
            return text;
        }
        return text.substring(0, TEXT_LIMIT) + "... (" + text.length() + " characters)";
    }

    /**
     * The query string with the value of every password-like parameter masked. Parameters are
     * split and their names decoded as Go's url.ParseQuery does, so an encoded name is caught too.
     */
    static String maskQuery(String query) {
        StringBuilder masked = new StringBuilder();
        String[] pairs = query.split("&", -1);
        for (int i = 0; i < pairs.length && masked.length() <= TEXT_LIMIT; i++) {
            if (i > 0) {
                masked.append('&');
            }
            int equals = pairs[i].indexOf('=');
            String name = equals < 0 ? pairs[i] : pairs[i].substring(0, equals);
            masked.append(isSecret(decodeQueryName(name)) ? name + "=" + MASK : pairs[i]);
        }
        return masked.toString();
    }

    /** A signed uri (path and query, as the client put it in its header) with its query masked. */
    static String maskUri(String uri) {
        int question = uri.indexOf('?');
        return question < 0 ? uri : uri.substring(0, question + 1) + maskQuery(uri.substring(question + 1));
    }

    private static String decodeQueryName(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    private static String authHeaderSent(HttpServletRequest request) {
        if (present(request.getHeader(AGENT_HEADER))) {
            return "agent";
        }
        return present(request.getHeader(OB_HEADER)) ? "ob" : "none";
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    private static Map<String, String> header(AuthHeader header) {
        if (header == null) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        // An empty auth is no secret, and telling it from a masked one helps debug a client.
        fields.put("auth", header.auth() == null || header.auth().isEmpty() ? "" : MASK);
        fields.put("ts", header.ts());
        fields.put("uri", header.uri() == null ? null : cap(maskUri(header.uri())));
        return fields;
    }

    private record Body(String json, JournalEntry.BodySummary summary) {
    }

    private Body body(HttpServletRequest request) {
        String contentType = request.getContentType();
        long sentSize = request.getContentLengthLong();
        DecryptedBody decrypted = DecryptedBody.of(request);
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return summary(sentSize, contentType, "package upload: not stored");
        }
        if (decrypted == null) {
            return sentSize > 0 ? summary(sentSize, contentType, "not decrypted: not stored") : new Body(null, null);
        }
        if (decrypted.size() > BODY_LIMIT) {
            return summary(decrypted.size(), contentType, "larger than 64 KiB: not stored");
        }
        // Small bodies stay in memory (DecryptedBody spills only past 1 MiB), so they are still
        // readable after the decryption filter closed them.
        byte[] plain;
        try (InputStream in = decrypted.open()) {
            plain = in.readNBytes(BODY_LIMIT);
        } catch (IOException e) {
            return summary(decrypted.size(), contentType, "unreadable: not stored");
        }
        String masked = maskedJson(plain);
        if (masked != null) {
            return new Body(masked, null);
        }
        String text = new String(plain, StandardCharsets.UTF_8);
        if (mentionsSecret(text)) {
            return summary(plain.length, contentType, "not valid JSON and may hold a password: not stored");
        }
        return new Body(json.writeValueAsString(text), null);
    }

    private static Body summary(long size, String contentType, String note) {
        return new Body(null, new JournalEntry.BodySummary(size, contentType, note));
    }

    /**
     * The first JSON value of the body (what Go's decoder binds; anything after it is ignored
     * there too), re-written with the value of every password-like key, at any depth, replaced
     * by {@link #MASK}; null when the body does not start with a valid JSON value. Streamed token
     * by token: no tree of the body is built.
     */
    String maskedJson(byte[] plain) {
        StringWriter out = new StringWriter(plain.length + 16);
        try (JsonParser parser = json.createParser(plain); JsonGenerator generator = json.createGenerator(out)) {
            if (parser.nextToken() == null) {
                return null;
            }
            int depth = 0;
            do {
                JsonToken token = parser.currentToken();
                if (token == JsonToken.PROPERTY_NAME && isSecret(parser.currentName())) {
                    generator.writeName(parser.currentName());
                    parser.nextToken();
                    parser.skipChildren();
                    generator.writeString(MASK);
                    continue;
                }
                generator.copyCurrentEvent(parser);
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            } while (depth > 0 && parser.nextToken() != null);
            if (depth > 0) {
                return null;
            }
        } catch (JacksonException e) {
            return null;
        }
        return out.toString();
    }

    /**
     * A key the emulated routes' binders (and obshell's request structs) would take as a secret.
     * Go's encoding/json matches keys case-insensitively under Unicode simple folding, so the key
     * is folded as the binder folds it ({@link GoJson#fold}): "PASSWORD", "pasſword" (U+017F)
     * and "Passwd" are all caught.
     */
    static boolean isSecret(String key) {
        String folded = GoJson.fold(key);
        return SECRET_WORDS.stream().anyMatch(folded::contains);
    }

    private static boolean mentionsSecret(String text) {
        String folded = GoJson.fold(text);
        // An escaped key ("pa\u0073sword") would slip past the words.
        return folded.indexOf('\\') >= 0 || SECRET_WORDS.stream().anyMatch(folded::contains);
    }
}
