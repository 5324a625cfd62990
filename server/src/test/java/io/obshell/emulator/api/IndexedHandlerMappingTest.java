package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.obshell.emulator.EmulatorHttpTest;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The indexed lookup finds what Spring's scan of every mapping finds, with the same request
 * attributes (or the same refusal), for a path made from every registered pattern under every
 * method, and for paths no pattern was written for; a poll asks only the mappings that could match.
 */
@EmulatorHttpTest
class IndexedHandlerMappingTest {

    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "TRACE");
    private static final List<String> ATTRIBUTES = List.of(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE,
            HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE,
            HandlerMapping.MATRIX_VARIABLES_ATTRIBUTE, HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void findsWhatSpringsScanFindsForEveryRouteAndMethod() throws Exception {
        assertThat(mappings).isInstanceOf(IndexedHandlerMapping.class);
        IndexedHandlerMapping indexed = (IndexedHandlerMapping) mappings;
        Set<String> paths = new LinkedHashSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            if (info.getPathPatternsCondition() != null) {
                for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
                    String path = pattern.getPatternString().replaceAll("\\{\\*[^}]*}", "a/b")
                            .replaceAll("\\{[^}]*}", "42").replace("**", "a/b").replace("*", "x");
                    paths.add(path);
                    paths.add(path + "/");
                    paths.add(path + "/extra");
                    paths.add(path.toUpperCase());
                }
            }
        }
        paths.addAll(List.of("/", "/api/v1/task/dag/", "/api/v1/task/dag/1/2", "/api/v1/nothing/here",
                "/api/v1/task/dag/4%31", "/api/v1/task/dag/7;x=1", "/api/v1/task/sub_task/9/logs", "/nowhere"));
        List<String> compared = new ArrayList<>();
        for (String path : paths) {
            for (String method : METHODS) {
                assertThat(outcome(indexed, method, path, false)).as(method + " " + path)
                        .isEqualTo(outcome(indexed, method, path, true));
                compared.add(method + " " + path);
            }
        }
        assertThat(compared).hasSizeGreaterThan(500);
    }

    @Test
    void aPollAsksOnlyTheMappingsThatCouldMatch() {
        IndexedHandlerMapping indexed = (IndexedHandlerMapping) mappings;
        assertThat(indexed.mappings()).isGreaterThan(40);
        assertThat(indexed.candidates("/api/v1/task/dag/41921681000128861")).isLessThanOrEqualTo(4);
    }

    /** The handler and the attributes the lookup set, or the refusal it threw. */
    private static String outcome(IndexedHandlerMapping mappings, String method, String path, boolean scan) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        ServletRequestPathUtils.parseAndCache(request);
        StringBuilder outcome = new StringBuilder();
        try {
            HandlerMethod handler = scan ? mappings.lookupByScan(request) : mappings.lookup(request);
            outcome.append(handler == null ? "none" : handler.getMethod().toString());
        } catch (Exception e) {
            outcome.append(e.getClass().getName()).append(": ").append(e.getMessage());
        }
        for (String attribute : ATTRIBUTES) {
            outcome.append('\n').append(attribute).append('=').append(describe(request, attribute));
        }
        return outcome.toString();
    }

    private static String describe(HttpServletRequest request, String attribute) {
        Object value = request.getAttribute(attribute);
        if (value instanceof HandlerMethod handler) {
            return handler.getMethod().toString();
        }
        if (value instanceof Map<?, ?> map) {
            return map.toString();
        }
        return Objects.toString(value);
    }
}
