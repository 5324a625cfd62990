package io.obshell.emulator.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * gin serves a route only for the methods it was registered with: HEAD does not fall back to
 * GET and OPTIONS gets no automatic answer, so both reach NoRoute (404 Common.NotFound) where
 * Spring MVC would answer 200. No obshell route is registered for either method.
 */
class GinMethods implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String method = request.getMethod();
        if ("HEAD".equals(method) || "OPTIONS".equals(method)) {
            throw ApiException.of(ErrorCode.COMMON_NOT_FOUND, "404 not found");
        }
        return true;
    }
}
