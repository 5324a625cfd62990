package io.obshell.emulator.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/** obshell's PaddingBody: a request sent with {@code Content-Length: 0} reads as {@code {}}. */
class PaddingBodyFilter extends OncePerRequestFilter {

    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() == 0) {
            request = new ReplacedBodyRequest(request, () -> new ByteArrayInputStream(EMPTY_OBJECT));
        }
        chain.doFilter(request, response);
    }
}
