package io.obshell.emulator.api;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers an {@link ApiException} from an obshell route with its envelope at once, the answer
 * {@link ApiExceptionHandler#apiError} gives, byte for byte. Most answers under load are such
 * refusals, and the general path (finding the advice method, resolving its arguments, the
 * ResponseEntity's message converter selection) cost more than writing the envelope itself.
 */
final class ApiExceptionResolver implements HandlerExceptionResolver {

    private final Envelopes envelopes;
    private final JsonMapper jsonMapper;

    ApiExceptionResolver(Envelopes envelopes, JsonMapper jsonMapper) {
        this.envelopes = envelopes;
        this.jsonMapper = jsonMapper;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        ApiRequest apiRequest = ApiRequest.of(request);
        if (!(ex instanceof ApiException e) || apiRequest == null || response.isCommitted()) {
            return null;
        }
        OcsAgentResponse body = envelopes.error(apiRequest, e);
        try {
            byte[] json = jsonMapper.writeValueAsBytes(body);
            response.setStatus(body.status());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getOutputStream().write(json);
        } catch (IOException failed) {
            // The client went away: nothing to answer, as the general path would find too.
            return null;
        }
        return new ModelAndView();
    }
}
