package io.obshell.emulator.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.obshell.emulator.api.ApiRequest;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Journals every {@code /api/v1} request. It sits just outside the envelope filter, so it sees
 * the answer the client actually got, rejected requests included (their envelope is written by
 * that filter); the decrypted header and body are read from what the decryption filters left
 * on the request. Secrets never enter the journal: {@code auth} and password fields are
 * masked, the AES keys are left out, package bodies are only summarised.
 */
class JournalFilter extends OncePerRequestFilter {

    static final int BODY_LIMIT = 64 * 1024;
    static final String MASK = "***";

    private static final Logger log = LoggerFactory.getLogger(JournalFilter.class);
    private static final String AGENT_HEADER = "X-OCS-Agent-Header";
    private static final String OB_HEADER = "X-OCS-Header";
    private static final List<String> SECRET_KEYS = List.of("password", "passwd", "pwd");

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
        String uri = query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
        String traceId = outcome != null ? outcome.traceId() : apiRequest != null ? apiRequest.traceId() : "";
        Body body = body(request);
        return new JournalEntry(0, time, request.getMethod(), uri, request.getRequestURI(), authHeaderSent(request),
                header(AuthHeader.of(request)), body.json(), body.summary(), response.getStatus(),
                outcome == null ? null : outcome.errCode(), outcome == null ? null : outcome.message(), traceId,
                durationMs);
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
        fields.put("uri", header.uri());
        return fields;
    }

    private record Body(JsonNode json, JournalEntry.BodySummary summary) {
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
            plain = in.readAllBytes();
        } catch (IOException e) {
            return summary(decrypted.size(), contentType, "unreadable: not stored");
        }
        try {
            return new Body(mask(json.readTree(plain)), null);
        } catch (JacksonException e) {
            String text = new String(plain, StandardCharsets.UTF_8);
            if (mentionsSecret(text)) {
                return summary(plain.length, contentType, "not valid JSON and may hold a password: not stored");
            }
            return new Body(StringNode.valueOf(text), null);
        }
    }

    private static Body summary(long size, String contentType, String note) {
        return new Body(null, new JournalEntry.BodySummary(size, contentType, note));
    }

    /** Replaces the value of every password-like field, at any depth, with {@link #MASK}. */
    static JsonNode mask(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<String> secrets = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (isSecret(field.getKey())) {
                    secrets.add(field.getKey());
                } else {
                    mask(field.getValue());
                }
            }
            secrets.forEach(key -> object.put(key, MASK));
        } else if (node.isArray()) {
            node.forEach(JournalFilter::mask);
        }
        return node;
    }

    private static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_KEYS.stream().anyMatch(lower::contains);
    }

    private static boolean mentionsSecret(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return SECRET_KEYS.stream().anyMatch(lower::contains);
    }
}
