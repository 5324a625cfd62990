package io.obshell.emulator.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * gin's RedirectTrailingSlash, on by default in obshell's {@code gin.New()}: a path that names
 * no route but would without its trailing slash is redirected there before any middleware
 * runs (no verification, no envelope), 301 for GET and 307 for any other method, by Go's
 * http.Redirect (a short HTML body for GET only). gin v1.10.0 {@code gin.go} redirectTrailingSlash,
 * including the {@code X-Forwarded-Prefix} it puts in front.
 */
class TrailingSlashRedirect extends OncePerRequestFilter {

    private final RequestMappingHandlerMapping mappings;
    /** The obshell routes by method, read from the handler mapping at the first request. */
    private volatile List<Route> routes;

    private record Route(String method, PathPattern pattern) {
    }

    TrailingSlashRedirect(RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.length() > 1 && path.endsWith("/") && uri.endsWith("/") && !routed(request.getMethod(), path)
                && routed(request.getMethod(), path.substring(0, path.length() - 1))) {
            redirect(request, response, uri.substring(0, uri.length() - 1));
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean routed(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return routes().stream().anyMatch(route -> route.method().equals(method) && route.pattern().matches(container));
    }

    private List<Route> routes() {
        List<Route> known = routes;
        if (known == null) {
            known = mappings.getHandlerMethods().entrySet().stream()
                    .flatMap((Map.Entry<RequestMappingInfo, HandlerMethod> entry) -> {
                        RequestMappingInfo info = entry.getKey();
                        return info.getPathPatternsCondition() == null ? Stream.<Route>empty()
                                : info.getPathPatternsCondition().getPatterns().stream()
                                        .filter(pattern -> pattern.getPatternString().startsWith("/api/v1/"))
                                        .flatMap(pattern -> info.getMethodsCondition().getMethods().stream()
                                                .map(method -> new Route(method.name(), pattern)));
                    })
                    .toList();
            routes = known;
        }
        return known;
    }

    private static void redirect(HttpServletRequest request, HttpServletResponse response, String path)
            throws IOException {
        String prefix = forwardedPrefix(request.getHeader("X-Forwarded-Prefix"));
        String location = (prefix == null ? path : prefix + "/" + path)
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        boolean get = "GET".equals(request.getMethod());
        int status = get ? HttpServletResponse.SC_MOVED_PERMANENTLY : 307;
        response.setStatus(status);
        response.setHeader("Location", location);
        if (get) {
            byte[] body = ("<a href=\"" + htmlEscape(location) + "\">Moved Permanently</a>.\n\n")
                    .getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/html; charset=utf-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } else {
            response.setContentLength(0);
        }
    }

    /**
     * The header path.Clean'ed, then stripped of anything but letters, digits, '/' and '-' and
     * of repeated slashes; null when there is none (Clean gives ".").
     */
    private static String forwardedPrefix(String header) {
        String cleaned = clean(header == null ? "" : header);
        if (cleaned.equals(".")) {
            return null;
        }
        return cleaned.replaceAll("[^a-zA-Z0-9/-]+", "").replaceAll("/{2,}", "/");
    }

    /** Go's path.Clean: no empty or "." elements, ".." resolved, "." for nothing. */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        Deque<String> kept = new ArrayDeque<>();
        for (String element : path.split("/")) {
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..")) {
                if (!kept.isEmpty() && !kept.peekLast().equals("..")) {
                    kept.removeLast();
                } else if (!rooted) {
                    kept.addLast("..");
                }
                continue;
            }
            kept.addLast(element);
        }
        String joined = String.join("/", kept);
        return rooted ? "/" + joined : joined.isEmpty() ? "." : joined;
    }

    /** Go's html.EscapeString as http.Redirect uses it (htmlReplacer). */
    private static String htmlEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
                .replace("'", "&#39;");
    }
}
