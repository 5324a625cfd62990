package io.obshell.emulator.secure;

import java.util.Map;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ApiRequest;
import io.obshell.emulator.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * obshell's {@code Verify(routeType)} (auth.md §4.2 step 4), run only once a route matched, so
 * unknown routes and wrong methods stay 404 without any auth check, as in gin.
 */
class RouteVerifier implements HandlerInterceptor {

    static final String SET_AGENT_PASSWORD_URI = "/api/v1/agent/password";
    private final AgentPassword agentPassword;

    RouteVerifier(AgentPassword agentPassword) {
        this.agentPassword = agentPassword;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Verify verify = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), Verify.class);
        if (verify == null) {
            verify = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), Verify.class);
        }
        if (verify != null) {
            verify(request, verify.value());
        }
        return true;
    }

    void verify(HttpServletRequest request, RouteType route) {
        AuthHeader header = AuthHeader.of(request);
        if (header == null || (route == RouteType.OBPROXY && header.type() != AuthHeader.Type.AGENT)) {
            throw ApiException.of(ErrorCode.REQUEST_HEADER_NOT_FOUND);
        }
        if (!header.uri().equals(ApiRequest.requestUri(request))) {
            throw ApiException.of(ErrorCode.SECURITY_URI_MISMATCH);
        }
        long receivedAt = ApiRequest.of(request).receivedEpochSecond();
        if (SET_AGENT_PASSWORD_URI.equals(request.getRequestURI())) {
            verifyForSetAgentPassword(header, receivedAt);
        } else if (route == RouteType.OBPROXY || (route == RouteType.TASK && isObproxyTask(request))) {
            verifyAgentRoute(header, receivedAt);
        } else {
            verifyObRoute(header, receivedAt);
        }
    }

    /** VerifyAgentRoutes: the agent header, an initialized agent password, ts, then the password. */
    private void verifyAgentRoute(AuthHeader header, long receivedAt) {
        if (header.type() != AuthHeader.Type.AGENT) {
            throw ApiException.unauthorized(ErrorCode.SECURITY_WITH_AGENT_PASSWORD,
                    "this route only support agent password");
        }
        if (!agentPassword.isSet()) {
            throw ApiException.unauthorized(ErrorCode.SECURITY_AGENT_PASSWORD_NOT_INITIALIZED);
        }
        verifyAgentAuth(header, receivedAt);
    }

    /** VerifyForSetAgentPassword: once set, only the old agent password may change it. */
    private void verifyForSetAgentPassword(AuthHeader header, long receivedAt) {
        if (agentPassword.isSet()) {
            if (header.type() != AuthHeader.Type.AGENT) {
                throw ApiException.unauthorized(ErrorCode.SECURITY_WITH_AGENT_PASSWORD, "agent password has been set");
            }
            verifyAgentAuth(header, receivedAt);
        }
        // A SINGLE agent without a password lets anyone set it (auth.md §4.4).
    }

    /**
     * VerifyObRouters for an agent that owns no cluster: with an agent password set, the agent
     * header and password are required; without one, the request passes unchecked.
     */
    private void verifyObRoute(AuthHeader header, long receivedAt) {
        if (!agentPassword.isSet()) {
            return;
        }
        if (header.type() != AuthHeader.Type.AGENT) {
            throw ApiException.unauthorized(ErrorCode.SECURITY_WITH_AGENT_PASSWORD, "agent password has been set");
        }
        verifyAgentAuth(header, receivedAt);
    }

    /** VerifyAuth: ts is an expiry, checked only when auth is non-empty; then the password. */
    private void verifyAgentAuth(AuthHeader header, long receivedAt) {
        if (!header.auth().isEmpty()) {
            long expiry = GoParseInt.parse(header.ts(), (detail) ->
                    ApiException.unauthorized(ErrorCode.SECURITY_TIMESTAMP_INVALID, header.ts(), detail));
            if (receivedAt > expiry) {
                throw ApiException.unauthorized(ErrorCode.SECURITY_EXPIRED);
            }
        }
        if (!agentPassword.matches(header.auth())) {
            throw ApiException.unauthorized(ErrorCode.SECURITY_INCORRECT_AGENT_PASSWORD);
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean isObproxyTask(HttpServletRequest request) {
        Map<String, String> variables =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String id = variables == null ? null : variables.get("id");
        return id != null && (id.startsWith("4") || id.startsWith("5"));
    }
}
