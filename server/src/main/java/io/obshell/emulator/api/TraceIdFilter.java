package io.obshell.emulator.api;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * obshell's PreHandlers: runs after decryption, so requests rejected there keep traceId "".
 * A request whose RequestURI is exactly {@code /api/v1/status} skips it in obshell and so
 * answers with "" too. An empty X-OBSHELL-Trace-ID counts as none (trace.GetTraceId).
 */
public class TraceIdFilter extends OncePerRequestFilter {

    static final String TRACE_HEADER = "X-OBSHELL-Trace-ID";
    private static final String STATUS_URI = "/api/v1/status";

    private final SecureRandom random = new SecureRandom();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ApiRequest apiRequest = ApiRequest.of(request);
        if (apiRequest != null && !STATUS_URI.equals(ApiRequest.requestUri(request))) {
            String sent = request.getHeader(TRACE_HEADER);
            apiRequest.traceId(sent != null && !sent.isEmpty() ? sent : newTraceId());
        }
        chain.doFilter(request, response);
    }

    private String newTraceId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
