package io.obshell.emulator.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * obshell's PaddingBody: a request whose ContentLength is 0 reads as {@code {}}. Go's net/http
 * sets 0 for {@code Content-Length: 0} and for a request with neither Content-Length nor
 * Transfer-Encoding, where the servlet API reports -1; a chunked request stays unpadded.
 */
class PaddingBodyFilter extends OncePerRequestFilter {

    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long contentLength = request.getContentLengthLong();
        if (contentLength == 0 || (contentLength < 0 && request.getHeader("Transfer-Encoding") == null)) {
            request = new ReplacedBodyRequest(request, () -> new ByteArrayInputStream(EMPTY_OBJECT));
        }
        chain.doFilter(request, response);
    }
}
