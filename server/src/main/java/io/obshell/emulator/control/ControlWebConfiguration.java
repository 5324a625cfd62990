package io.obshell.emulator.control;

import java.time.Clock;

import io.obshell.emulator.api.ApiWebConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** Who may reach the control plane, the request journal's filter, and the OpenAPI description of both route families. */
@Configuration(proxyBeanMethods = false)
class ControlWebConfiguration {

    @Bean
    FilterRegistrationBean<JournalFilter> journalFilter(RequestJournal journal, JsonMapper json, Clock clock) {
        return ApiWebConfiguration.apiFilter(new JournalFilter(journal, json, clock), ApiWebConfiguration.JOURNAL_ORDER);
    }

    /** Ahead of every other filter: an unauthorized control request costs nothing, not even its body. */
    @Bean
    FilterRegistrationBean<ControlAccessFilter> controlAccessFilter(ControlProperties properties, JsonMapper json) {
        FilterRegistrationBean<ControlAccessFilter> registration =
                new FilterRegistrationBean<>(new ControlAccessFilter(properties, json));
        registration.addUrlPatterns(ApiWebConfiguration.CONTROL_PATH, ApiWebConfiguration.CONTROL_PATH + "/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    OpenAPI emulatorOpenApi() {
        return new OpenAPI().info(new Info().title("obshell emulator").description("""
                /api/v1: the emulated obshell agent routes. Each answers with obshell's OcsAgentResponse \
                envelope and needs obshell's hybrid-encrypted auth: an RSA-encrypted X-OCS-Agent-Header \
                (or X-OCS-Header) and an AES-encrypted body, as the obshell SDKs send them; the schemas \
                shown are the plaintext.

                /__emulator: the emulator's own control plane (faults, pacing, state, reset, journal, \
                health): plain JSON, errors as RFC 9457 problem details; no obshell auth, but when the emulator \
                is started with obshell.emulator.control.token every request needs Authorization: Bearer <token>."""));
    }
}
