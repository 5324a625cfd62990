package io.obshell.emulator.api;

import java.util.List;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
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

    /** The bean Boot's JacksonAutoConfiguration registers to collect {@code @JacksonComponent} beans. */
    static final String JACKSON_COMPONENT_MODULE = "jsonComponentModule";

    /**
     * No bean here is a {@code @JacksonComponent}, and Boot's module that collects them looks
     * for the annotation on every bean of the context as the mapper is built: about 50 ms of the
     * start's critical path, for nothing. Removed before any bean is made (and so before Spring
     * AOT records the definitions at build time).
     */
    @Bean
    static BeanDefinitionRegistryPostProcessor withoutJacksonComponentModule() {
        return new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                if (registry.containsBeanDefinition(JACKSON_COMPONENT_MODULE)) {
                    registry.removeBeanDefinition(JACKSON_COMPONENT_MODULE);
                }
            }

            @Override
            public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            }
        };
    }

    @Bean
    JsonMapper jacksonJsonMapper(List<JsonMapperBuilderCustomizer> customizers) {
        JsonMapper.Builder builder = JsonMapper.builder(
                JsonFactory.builder().characterEscapes(GoHtmlEscapes.INSTANCE).build());
        customizers.forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }
}
