package io.obshell.emulator.secure;

import io.obshell.emulator.DataDirectory;
import io.obshell.emulator.api.ApiWebConfiguration;
import io.obshell.emulator.api.EdgeLimits;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Decryption filters in obshell's middleware order, and Verify once a route has matched. */
@Configuration(proxyBeanMethods = false)
class SecureWebConfiguration implements WebMvcConfigurer {

    private final AgentPassword agentPassword;
    private final AgentKeyPair keyPair;

    SecureWebConfiguration(AgentPassword agentPassword, AgentKeyPair keyPair) {
        this.agentPassword = agentPassword;
        this.keyPair = keyPair;
    }

    @Bean
    FilterRegistrationBean<HeaderDecryptFilter> headerDecryptFilter(EdgeLimits limits) {
        return ApiWebConfiguration.apiFilter(new HeaderDecryptFilter(keyPair, limits.authHeader().toBytes()),
                ApiWebConfiguration.HEADER_DECRYPT_ORDER);
    }

    @Bean
    FilterRegistrationBean<BodyDecryptFilter> bodyDecryptFilter(DataDirectory dataDirectory,
            ObjectProvider<StreamedBodyReader> streamedReaders) {
        return ApiWebConfiguration.apiFilter(new BodyDecryptFilter(dataDirectory, streamedReaders.orderedStream().toList()),
                ApiWebConfiguration.BODY_DECRYPT_ORDER);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RouteVerifier(agentPassword, keyPair)).addPathPatterns("/api/v1/**");
    }
}
