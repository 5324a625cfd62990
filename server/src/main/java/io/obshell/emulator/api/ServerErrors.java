package io.obshell.emulator.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Boot's {@code /error} replaced: asked for directly it is an unknown route, which gin
 * answers 404 Common.NotFound like any other (Boot's own controller answered status 999); as the
 * container's error page (an error no filter or advice answered) it speaks the language of the
 * route that failed: the envelope under {@code /api/v1}, a problem detail elsewhere.
 */
@RestController
class ServerErrors implements ErrorController {

    private final Envelopes envelopes;

    ServerErrors(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<?> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(status instanceof Integer code)) {
            return envelope(ApiException.of(ErrorCode.COMMON_NOT_FOUND, "404 not found"));
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path && EdgeLimits.Family.of(path) != EdgeLimits.Family.CONTROL
                && EdgeLimits.Family.of(path) != EdgeLimits.Family.OTHER) {
            return envelope(code == 404 ? ApiException.of(ErrorCode.COMMON_NOT_FOUND, "404 not found")
                    : ApiException.panic());
        }
        HttpStatus httpStatus = HttpStatus.resolve(code);
        ProblemDetail problem = ProblemDetail.forStatus(httpStatus == null ? HttpStatus.INTERNAL_SERVER_ERROR : httpStatus);
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private ResponseEntity<OcsAgentResponse> envelope(ApiException e) {
        OcsAgentResponse body = envelopes.error(null, e);
        return ResponseEntity.status(body.status()).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
