package io.obshell.emulator.api;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring's handler mapping, which finds a path with a variable in it (a client polling
 * {@code /api/v1/task/dag/{id}}) by asking every one of the application's mappings whether it
 * matches: about sixty condition checks a poll, the code a fresh server's JIT then compiles at
 * its largest while the first DAGs run. Here only the mappings that could match are asked: those
 * whose path patterns start, up to their first variable or wildcard, with a prefix of the path.
 * A pattern's literal start must be matched as it is, so no other mapping can match; the
 * answer is the one Spring's scan gives whenever exactly one mapping matches. Everything else
 * (a path registered as such, a path with {@code %} escapes or {@code ;} parameters, which
 * Spring decodes or strips before it compares, no match or several, a CORS pre-flight) is left
 * to Spring's own lookup, whose answer it is anyway.
 */
class IndexedHandlerMapping extends RequestMappingHandlerMapping {

    /** The mappings with their handlers and literal starts, rebuilt after any registration change. */
    private volatile Index index;

    private record Candidate(RequestMappingInfo info, HandlerMethod handler, List<String> prefixes) {

        /** Whether a path starting so could match: a mapping without path patterns always could. */
        boolean couldMatch(String path) {
            if (prefixes == null) {
                return true;
            }
            for (String prefix : prefixes) {
                if (path.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Index(Set<String> directPaths, List<Candidate> candidates) {
    }

    @Override
    protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
        super.registerHandlerMethod(handler, method, mapping);
        index = null;
    }

    @Override
    public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
        super.registerMapping(mapping, handler, method);
        index = null;
    }

    @Override
    public void unregisterMapping(RequestMappingInfo mapping) {
        super.unregisterMapping(mapping);
        index = null;
    }

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        Index current = index();
        String uri = request.getRequestURI();
        if (current.directPaths().contains(lookupPath) || uri == null || uri.indexOf('%') >= 0
                || uri.indexOf(';') >= 0 || CorsUtils.isPreFlightRequest(request)) {
            return super.lookupHandlerMethod(lookupPath, request);
        }
        RequestMappingInfo matched = null;
        HandlerMethod handler = null;
        for (Candidate candidate : current.candidates()) {
            if (!candidate.couldMatch(lookupPath)) {
                continue;
            }
            RequestMappingInfo matching = getMatchingMapping(candidate.info(), request);
            if (matching != null) {
                if (matched != null) {
                    return super.lookupHandlerMethod(lookupPath, request);
                }
                matched = matching;
                handler = candidate.handler();
            }
        }
        if (matched == null) {
            return super.lookupHandlerMethod(lookupPath, request);
        }
        request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, handler);
        handleMatch(matched, lookupPath, request);
        return handler;
    }

    /** The lookup as a request is served, for tests that compare it with {@link #lookupByScan}. */
    HandlerMethod lookup(HttpServletRequest request) throws Exception {
        return lookupHandlerMethod(initLookupPath(request), request);
    }

    /** Spring's own lookup alone. */
    HandlerMethod lookupByScan(HttpServletRequest request) throws Exception {
        return super.lookupHandlerMethod(initLookupPath(request), request);
    }

    /** How many mappings a lookup of {@code path} asks (when it does not leave it to Spring's). */
    long candidates(String path) {
        return index().candidates().stream().filter(candidate -> candidate.couldMatch(path)).count();
    }

    /** How many mappings there are. */
    int mappings() {
        return index().candidates().size();
    }

    private Index index() {
        Index current = index;
        if (current == null) {
            Set<String> directPaths = new HashSet<>();
            List<Candidate> candidates = new ArrayList<>();
            // A literal start compared ignoring case would be a different test: then every mapping is asked.
            boolean caseSensitive = getPatternParser() != null && getPatternParser().isCaseSensitive();
            for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : getHandlerMethods().entrySet()) {
                RequestMappingInfo info = entry.getKey();
                directPaths.addAll(getDirectPaths(info));
                candidates.add(new Candidate(info, entry.getValue(), caseSensitive ? literalStarts(info) : null));
            }
            current = new Index(Set.copyOf(directPaths), List.copyOf(candidates));
            index = current;
        }
        return current;
    }

    /** Each pattern up to its first variable or wildcard; null when the mapping has no path patterns. */
    private static List<String> literalStarts(RequestMappingInfo info) {
        PathPatternsRequestCondition patterns = info.getPathPatternsCondition();
        if (patterns == null || patterns.getPatterns().isEmpty()) {
            return null;
        }
        List<String> starts = new ArrayList<>();
        for (PathPattern pattern : patterns.getPatterns()) {
            String text = pattern.getPatternString();
            int end = 0;
            while (end < text.length() && "{*?".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            starts.add(text.substring(0, end));
        }
        return List.copyOf(starts);
    }
}
