package io.obshell.emulator.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first step of every request: its body can be read only up to its route family's limit
 * ({@link EdgeLimits}), as if wrapped in Go's {@code http.MaxBytesReader}. Past it, a read
 * throws {@link BodyTooLargeException}, which each family answers in its own language: the
 * envelope on {@code /api/v1} (where the decryption or binding step reads), a 413 problem
 * detail on the control plane. A declared Content-Length past the limit fails on the first read,
 * so nothing of such a body is read at all.
 */
class BodyLimitFilter extends OncePerRequestFilter {

    private final EdgeLimits limits;
    private final JsonMapper json;

    BodyLimitFilter(EdgeLimits limits, JsonMapper json) {
        this.limits = limits;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EdgeLimits.Family family = EdgeLimits.Family.of(request.getServletPath(), request.getContentType());
        long limit = limits.bodyLimit(family);
        long declared = request.getContentLengthLong();
        if (declared > limit && (family == EdgeLimits.Family.CONTROL || family == EdgeLimits.Family.OTHER)) {
            tooLarge(response, limit, json);
            return;
        }
        chain.doFilter(new Limited(request, limit, declared), response);
    }

    /** The control plane's answer to a body past its limit: 413 and a problem detail. */
    static void tooLarge(HttpServletResponse response, long limit, JsonMapper json) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "The request body is larger than " + limit + " bytes");
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private final long declared;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit, long declared) {
            super(request);
            this.limit = limit;
            this.declared = declared;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit, declared > limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private final boolean declaredTooLarge;
        private long read;

        LimitedStream(ServletInputStream in, long limit, boolean declaredTooLarge) {
            this.in = in;
            this.limit = limit;
            this.declaredTooLarge = declaredTooLarge;
        }

        @Override
        public int read() throws IOException {
            check(0);
            int b = in.read();
            if (b >= 0) {
                check(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            check(0);
            // One byte past the limit is enough to know it was crossed.
            int n = in.read(buffer, off, (int) Math.min(len, limit - read + 1));
            if (n > 0) {
                check(n);
            }
            return n;
        }

        private void check(int n) throws IOException {
            read += n;
            if (declaredTooLarge || read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
