package io.obshell.emulator.api;

import java.util.List;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application's JsonMapper, as Boot would build it (every customizer applied) but on a
 * factory that escapes like Go's encoding/json, so envelopes match obshell byte for byte. Boot's
 * builder bean cannot take another factory, hence this replacement of its mapper bean.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    JsonMapper jacksonJsonMapper(List<JsonMapperBuilderCustomizer> customizers) {
        JsonMapper.Builder builder = JsonMapper.builder(
                JsonFactory.builder().characterEscapes(GoHtmlEscapes.INSTANCE).build());
        customizers.forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }
}
