package io.obshell.emulator.secure;

import io.obshell.emulator.DataDirectory;
import io.obshell.emulator.api.ApiWebConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Decryption filters in obshell's middleware order, and Verify once a route has matched. */
@Configuration(proxyBeanMethods = false)
class SecureWebConfiguration implements WebMvcConfigurer {

    private final AgentPassword agentPassword;

    SecureWebConfiguration(AgentPassword agentPassword) {
        this.agentPassword = agentPassword;
    }

    @Bean
    FilterRegistrationBean<HeaderDecryptFilter> headerDecryptFilter(AgentKeyPair keyPair) {
        FilterRegistrationBean<HeaderDecryptFilter> registration =
                new FilterRegistrationBean<>(new HeaderDecryptFilter(keyPair));
        registration.addUrlPatterns(ApiWebConfiguration.API_PATTERN);
        registration.setOrder(ApiWebConfiguration.HEADER_DECRYPT_ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodyDecryptFilter> bodyDecryptFilter(DataDirectory dataDirectory) {
        FilterRegistrationBean<BodyDecryptFilter> registration =
                new FilterRegistrationBean<>(new BodyDecryptFilter(dataDirectory));
        registration.addUrlPatterns(ApiWebConfiguration.API_PATTERN);
        registration.setOrder(ApiWebConfiguration.BODY_DECRYPT_ORDER);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RouteVerifier(agentPassword)).addPathPatterns("/api/v1/**");
    }
}
