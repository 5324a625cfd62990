package io.obshell.emulator.secure;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ApiRequest;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.api.GoBase64;
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
    private final AgentKeyPair keyPair;
    private final Map<Method, Optional<RouteType>> routes = new ConcurrentHashMap<>();

    RouteVerifier(AgentPassword agentPassword, AgentKeyPair keyPair) {
        this.agentPassword = agentPassword;
        this.keyPair = keyPair;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Optional<RouteType> route = routes.computeIfAbsent(method.getMethod(), m -> routeOf(method));
        if (route.isPresent()) {
            verify(request, route.get());
        }
        return true;
    }

    /** The route's {@link Verify}, on the method or else its class; looked up once per method. */
    private static Optional<RouteType> routeOf(HandlerMethod method) {
        Verify verify = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), Verify.class);
        if (verify == null) {
            verify = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), Verify.class);
        }
        return Optional.ofNullable(verify).map(Verify::value);
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
        if (SET_AGENT_PASSWORD_URI.equals(ApiRequest.requestUri(request))) {
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
        verifyAgentAuth(utf8(header.auth()), header.ts(), receivedAt);
    }

    /** VerifyForSetAgentPassword: once set, only the old agent password may change it. */
    private void verifyForSetAgentPassword(AuthHeader header, long receivedAt) {
        if (agentPassword.isSet()) {
            if (header.type() != AuthHeader.Type.AGENT) {
                throw ApiException.unauthorized(ErrorCode.SECURITY_WITH_AGENT_PASSWORD, "agent password has been set");
            }
            verifyAgentAuth(utf8(header.auth()), header.ts(), receivedAt);
        }
        // A SINGLE agent without a password lets anyone set it (auth.md §4.4).
    }

    /**
     * VerifyObRouters for a SINGLE agent: with an agent password set, the agent header and
     * password are required, and auth may also be that password RSA-encrypted with the agent's
     * key (auth.md §4.4); without one, the request passes unchecked.
     */
    private void verifyObRoute(AuthHeader header, long receivedAt) {
        if (!agentPassword.isSet()) {
            return;
        }
        if (header.type() != AuthHeader.Type.AGENT) {
            throw ApiException.unauthorized(ErrorCode.SECURITY_WITH_AGENT_PASSWORD, "agent password has been set");
        }
        try {
            verifyAgentAuth(utf8(header.auth()), header.ts(), receivedAt);
        } catch (ApiException plain) {
            // obshell tries again with auth decrypted; if it does not decrypt, the first error stands.
            byte[] decrypted = decrypt(header.auth());
            if (decrypted == null) {
                throw plain;
            }
            verifyAgentAuth(decrypted, header.ts(), receivedAt);
        }
    }

    /** VerifyAuth: ts is an expiry, checked only when auth is non-empty; then the password. */
    private void verifyAgentAuth(byte[] auth, String ts, long receivedAt) {
        if (auth.length > 0) {
            long expiry = GoParseInt.parse(ts, (detail) ->
                    ApiException.unauthorized(ErrorCode.SECURITY_TIMESTAMP_INVALID, ts, detail));
            if (receivedAt > expiry) {
                throw ApiException.unauthorized(ErrorCode.SECURITY_EXPIRED);
            }
        }
        if (!agentPassword.matches(auth)) {
            throw ApiException.unauthorized(ErrorCode.SECURITY_INCORRECT_AGENT_PASSWORD);
        }
    }

    /** secure.Decrypt: "" stays "", else strict base64 and RSA blocks; null when that fails. */
    private byte[] decrypt(String auth) {
        GoBase64.Result ciphertext = GoBase64.decode(utf8(auth));
        if (!ciphertext.ok()) {
            return null;
        }
        try {
            return keyPair.decryptBlocks(ciphertext.bytes());
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static boolean isObproxyTask(HttpServletRequest request) {
        Map<String, String> variables =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String id = variables == null ? null : variables.get("id");
        return id != null && (id.startsWith("4") || id.startsWith("5"));
    }
}
