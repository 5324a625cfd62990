package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every entry of the error catalogue speaks both of obshell's languages. */
class ErrorCatalogueLanguagesTest {

    private static final Pattern SPECIFIER = Pattern.compile("%[sd]");

    @Test
    void theChineseCatalogueHasExactlyTheEntriesOfErrorCode() throws IOException {
        Properties zh = new Properties();
        try (InputStream in = ErrorCode.class.getResourceAsStream("/i18n/errors_zh.properties")) {
            zh.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        assertThat(zh.stringPropertyNames())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void eachEntryRendersInBothLanguages(ErrorCode code) {
        String zh = code.template(Language.ZH);
        assertThat(zh).as("a Chinese template of its own").isNotEqualTo(code.template(Language.EN));
        assertThat(zh.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN))
                .as("Chinese text in %s", zh).isTrue();
        // The Chinese template may drop an argument obshell's zh.json writes literally, never need one more.
        assertThat(count(zh)).isLessThanOrEqualTo(count(code.template(Language.EN)));
        Object[] args = new Object[count(code.template(Language.EN))];
        Arrays.fill(args, 7);
        for (int k = 0; k < args.length; k++) {
            if (specifiers(code.template(Language.EN))[k].equals("%s")) {
                args[k] = "x";
            }
        }
        assertThat(ErrorMessage.occur(code, args).render(Language.ZH)).doesNotContain("%");
        assertThat(ErrorMessage.occur(code, args).render(Language.EN)).isEqualTo(code.message(args));
    }

    private static int count(String template) {
        return specifiers(template).length;
    }

    private static String[] specifiers(String template) {
        Matcher matcher = SPECIFIER.matcher(template);
        return matcher.results().map(r -> r.group()).toArray(String[]::new);
    }
}
