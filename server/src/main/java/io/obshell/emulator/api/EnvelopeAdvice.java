package io.obshell.emulator.api;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/** Wraps what an {@code /api/v1} controller returns into the success envelope. */
@RestControllerAdvice
class EnvelopeAdvice implements ResponseBodyAdvice<Object> {

    private final Envelopes envelopes;

    EnvelopeAdvice(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof OcsAgentResponse || !(request instanceof ServletServerHttpRequest servlet)) {
            return body;
        }
        HttpServletRequest raw = servlet.getServletRequest();
        ApiRequest apiRequest = ApiRequest.of(raw);
        if (apiRequest == null) {
            return body;
        }
        if (raw.getDispatcherType() == DispatcherType.ERROR) {
            // Spring's error page for something that escaped every handler: obshell's panic answer.
            OcsAgentResponse panic = envelopes.error(apiRequest, ApiException.panic());
            response.setStatusCode(HttpStatusCode.valueOf(panic.status()));
            return panic;
        }
        return envelopes.success(apiRequest, body);
    }
}
