package io.obshell.emulator.api;

import io.obshell.emulator.DataDirectory;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code /api/v1} filter chain in obshell's middleware order. The secure feature slots
 * its decryption filters between {@link #ENVELOPE_ORDER} and {@link #TRACE_ORDER}.
 */
@Configuration(proxyBeanMethods = false)
public class ApiWebConfiguration implements WebMvcConfigurer {

    public static final String API_PATTERN = "/api/v1/*";
    /** The emulator's own control plane: plain JSON and problem details, never the envelope. */
    public static final String CONTROL_PATH = "/__emulator";
    public static final int ENVELOPE_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;
    /** The request journal sits just outside the envelope filter, so it sees what was answered. */
    public static final int JOURNAL_ORDER = ENVELOPE_ORDER - 10;
    public static final int HEADER_DECRYPT_ORDER = ENVELOPE_ORDER + 10;
    public static final int BODY_DECRYPT_ORDER = ENVELOPE_ORDER + 20;
    public static final int PADDING_ORDER = ENVELOPE_ORDER + 25;
    public static final int TRACE_ORDER = ENVELOPE_ORDER + 30;
    static final String JACKSON2_YAML_CONVERTER =
            "org.springframework.http.converter.yaml.MappingJackson2YamlHttpMessageConverter";

    /** Registers one step of the {@code /api/v1} chain at its place in obshell's order. */
    public static <F extends Filter> FilterRegistrationBean<F> apiFilter(F filter, int order) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns(API_PATTERN);
        registration.setOrder(order);
        return registration;
    }

    private final Envelopes envelopes;
    private final JsonMapper jsonMapper;

    ApiWebConfiguration(Envelopes envelopes, JsonMapper jsonMapper) {
        this.envelopes = envelopes;
        this.jsonMapper = jsonMapper;
    }

    /** A route's refusal answered ahead of the advice methods (see ApiExceptionResolver). */
    @Override
    public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
        resolvers.add(0, new ApiExceptionResolver(envelopes, jsonMapper));
    }

    /**
     * Without Jackson 2's YAML converter, which springdoc's swagger-core brings onto the class
     * path and Spring registers for it: every answer whose type is negotiated asked it whether it
     * could write, and nothing here answers YAML (springdoc writes its YAML document as a String).
     */
    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.removeIf(converter -> converter.getClass().getName().equals(JACKSON2_YAML_CONVERTER));
    }

    /** Before any route group's Verify: gin's NoRoute runs no group middleware. */
    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new GinMethods()).addPathPatterns("/api/v1/**").order(Ordered.HIGHEST_PRECEDENCE);
    }

    /**
     * Controller methods called without reflection's exception wrapping (see DirectHandlerAdapter),
     * and routes with a variable found without asking every mapping (see IndexedHandlerMapping).
     */
    @Bean
    WebMvcRegistrations directHandlerInvocation() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
                return new DirectHandlerAdapter();
            }

            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new IndexedHandlerMapping();
            }
        };
    }

    @Bean
    FilterRegistrationBean<EnvelopeFilter> envelopeFilter(Clock clock, Envelopes envelopes, JsonMapper jsonMapper) {
        return apiFilter(new EnvelopeFilter(clock, envelopes, jsonMapper), ENVELOPE_ORDER);
    }

    /**
     * TRACE goes to the routes like any other method (gin answers it 404 Common.NotFound): the
     * servlet's own doTrace would echo the request, auth headers included, after our answer.
     */
    @Bean(name = "dispatcherServlet")
    DispatcherServlet dispatcherServlet() {
        DispatcherServlet servlet = new DispatcherServlet() {
            @Override
            protected void doTrace(HttpServletRequest request, HttpServletResponse response)
                    throws ServletException, IOException {
                processRequest(request, response);
            }
        };
        servlet.setDispatchTraceRequest(true);
        return servlet;
    }

    @Bean
    JettyEdge jettyEdge(EdgeLimits limits, DataDirectory dataDirectory) {
        return new JettyEdge(limits, dataDirectory.jvmScratch());
    }

    /** Ahead of every other filter: no body is read past its family's limit. */
    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(EdgeLimits limits, JsonMapper jsonMapper) {
        FilterRegistrationBean<BodyLimitFilter> registration =
                new FilterRegistrationBean<>(new BodyLimitFilter(limits, jsonMapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<PaddingBodyFilter> paddingBodyFilter() {
        return apiFilter(new PaddingBodyFilter(), PADDING_ORDER);
    }

    @Bean
    FilterRegistrationBean<TraceIdFilter> traceIdFilter() {
        return apiFilter(new TraceIdFilter(), TRACE_ORDER);
    }
}
