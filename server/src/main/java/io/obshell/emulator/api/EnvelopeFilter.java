package io.obshell.emulator.api;

import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * obshell's PostHandlers: the first step for every {@code /api/v1} request. It records the
 * receipt time before anything else runs, and answers any error thrown by the later filters
 * (decryption) with the envelope, so no client ever sees a servlet container error page.
 */
public class EnvelopeFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(EnvelopeFilter.class);

    private final Clock clock;
    private final Envelopes envelopes;
    private final JsonMapper jsonMapper;

    EnvelopeFilter(Clock clock, Envelopes envelopes, JsonMapper jsonMapper) {
        this.clock = clock;
        this.envelopes = envelopes;
        this.jsonMapper = jsonMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ApiRequest apiRequest = ApiRequest.start(request, clock.instant());
        try {
            chain.doFilter(new AcceptAnything(request), response);
        } catch (ApiException e) {
            write(response, envelopes.error(apiRequest, e), e.stage());
        } catch (Exception e) {
            // Anything the MVC advice did not answer: never a stack trace on the wire.
            log.warn("unhandled error on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            write(response, envelopes.error(apiRequest, ApiException.panic()), ApiException.Stage.PANIC);
        }
    }

    /**
     * gin never consults Accept: every {@code /api/v1} answer is the JSON envelope. Hiding the
     * header keeps Spring's content negotiation from refusing a client that asked for, say,
     * text/plain (HttpMediaTypeNotAcceptableException, which would end as a 500).
     */
    private static final class AcceptAnything extends HttpServletRequestWrapper {

        AcceptAnything(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }
    }

    private void write(HttpServletResponse response, OcsAgentResponse body, ApiException.Stage stage)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(body.status());
        // obshell's SetContentType has not run yet for decrypt failures, so gin adds the charset.
        response.setContentType(stage == ApiException.Stage.DECRYPT || stage == ApiException.Stage.PANIC
                ? "application/json; charset=utf-8" : "application/json");
        // Written without closing the stream, so the response stays uncommitted for GinContentTypeValve.
        response.getOutputStream().write(jsonMapper.writeValueAsBytes(body));
    }
}
