package io.obshell.emulator.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first thing every {@code /__emulator} request meets, before its body is read. With the
 * control plane turned off, the request is answered as any unknown route is (the same request
 * sent to a path no route serves). With a token configured, a request without
 * {@code Authorization: Bearer <token>} gets a 401 problem detail, except a GET of the live
 * page's own files ({@link UiController#FILES}): they hold no data, and a browser cannot add a
 * header to a navigation. The page then asks for the token and sends it with every request it
 * makes, so the token never has to travel in a URL.
 */
final class ControlAccessFilter extends OncePerRequestFilter {

    /** A path no route serves, outside the control plane: its answer is the unknown-route answer. */
    static final String UNKNOWN_ROUTE = "/__emulator-disabled";
    private static final String BEARER = "bearer ";

    private final boolean enabled;
    /** SHA-256 of the token: equal-length digests compared in constant time hide the token's length too. */
    private final byte[] tokenDigest;
    private final JsonMapper json;

    ControlAccessFilter(ControlProperties properties, JsonMapper json) {
        this.enabled = properties.enabled();
        this.tokenDigest = properties.tokenRequired() ? sha256(properties.token()) : null;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!enabled) {
            request.getRequestDispatcher(UNKNOWN_ROUTE).forward(request, response);
            return;
        }
        if (tokenDigest != null && !pageFile(request) && !authorized(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            unauthorized(request, response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The exact paths of the page's files, undecoded: any variant of them needs the token. */
    private static boolean pageFile(HttpServletRequest request) {
        String method = request.getMethod();
        return ("GET".equals(method) || "HEAD".equals(method)) && request.getQueryString() == null
                && UiController.FILES.contains(request.getRequestURI());
    }

    private boolean authorized(String authorization) {
        if (authorization == null || authorization.length() < BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    private void unauthorized(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Unauthorized");
        problem.put("status", HttpServletResponse.SC_UNAUTHORIZED);
        problem.put("detail", request.getHeader(HttpHeaders.AUTHORIZATION) == null
                ? "The control plane needs 'Authorization: Bearer <token>' (obshell.emulator.control.token)"
                : "The control plane token does not match (obshell.emulator.control.token)");
        problem.put("instance", request.getRequestURI());
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"obshell-emulator\"");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
