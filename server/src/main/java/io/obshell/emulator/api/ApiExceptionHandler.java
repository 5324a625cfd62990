package io.obshell.emulator.api;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception that reaches MVC into obshell's envelope: gin answers unknown routes
 * and wrong methods alike with 404 Common.NotFound, and anything unplanned is a 500 without
 * internals.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final Envelopes envelopes;

    ApiExceptionHandler(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<OcsAgentResponse> apiError(ApiException e, HttpServletRequest request) {
        return respond(request, e);
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class,
            HttpRequestMethodNotSupportedException.class})
    ResponseEntity<?> notFound(Exception e, HttpServletRequest request) {
        if (isControlPath(request)) {
            // No control handler matched, so the control plane's own advice never saw this.
            HttpStatus status = e instanceof HttpRequestMethodNotSupportedException
                    ? HttpStatus.METHOD_NOT_ALLOWED : HttpStatus.NOT_FOUND;
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                    "No control route " + request.getMethod() + " " + request.getRequestURI());
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        return respond(request, ApiException.of(ErrorCode.COMMON_NOT_FOUND, "404 not found"));
    }

    /**
     * Decided on the normalised path the filters were mapped by, not the raw URI:
     * {@code /__emulator/../api/v1/info} went through the obshell chain and must end as obshell's 404.
     */
    private static boolean isControlPath(HttpServletRequest request) {
        return EdgeLimits.Family.of(request.getServletPath()) == EdgeLimits.Family.CONTROL;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<OcsAgentResponse> unexpected(Exception e, HttpServletRequest request) {
        log.warn("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(request, ApiException.panic());
    }

    private ResponseEntity<OcsAgentResponse> respond(HttpServletRequest request, ApiException e) {
        OcsAgentResponse body = envelopes.error(ApiRequest.of(request), e);
        return ResponseEntity.status(body.status()).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
