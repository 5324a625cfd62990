package io.obshell.emulator.api;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** gin redirects a trailing slash before any middleware: right after the body limit, ahead of the envelope. */
@Configuration(proxyBeanMethods = false)
class TrailingSlashConfiguration {

    @Bean
    FilterRegistrationBean<TrailingSlashRedirect> trailingSlashRedirect(
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        return ApiWebConfiguration.apiFilter(new TrailingSlashRedirect(mappings), Ordered.HIGHEST_PRECEDENCE + 1);
    }
}
