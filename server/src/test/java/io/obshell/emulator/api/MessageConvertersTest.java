package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/** The converters every negotiated answer goes through: JSON ones, and springdoc's YAML still served. */
@EmulatorHttpTest
class MessageConvertersTest {

    @Autowired
    RequestMappingHandlerAdapter adapter;
    @Autowired
    EmulatorTestClient emulator;

    @Test
    void jackson2sYamlConverterIsNotAskedAboutEveryAnswer() {
        assertThat(adapter.getMessageConverters())
                .extracting(converter -> converter.getClass().getName())
                .doesNotContain(ApiWebConfiguration.JACKSON2_YAML_CONVERTER)
                .anyMatch(name -> name.endsWith("JacksonJsonHttpMessageConverter"));
    }

    @Test
    void theOpenApiDocumentIsStillServedAsYaml() {
        ControlHttp.Response yaml = emulator.control().get("/v3/api-docs.yaml");

        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.body()).startsWith("openapi: ").contains("/api/v1/obproxy/upgrade:");
    }
}
