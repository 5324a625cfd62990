package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * obshell's language negotiation: x/text's {@code language.Parse} must accept the header as one
 * tag, then go-i18n's matcher over [en, zh] picks. Expected values come from running x/text's
 * Parse and NewMatcher([en, zh]).Match on these headers.
 */
class LanguageTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "zh-CN|ZH", "zh|ZH", "zh-cn|ZH", "ZH-CN|ZH", "zh_CN|ZH", "zh-TW|ZH", "zh-HK|ZH", "zh-Hant|ZH",
            "zh-Hans|ZH", "zh-Hant-TW|ZH", "zh-Hans-CN|ZH", "zh-SG|ZH", "zh-US|ZH", "zh-419|ZH", "zh-pinyin|ZH",
            "zh-CN-x-foo|ZH", "zh-u-nu-hanidec|ZH", "zh-t-en|ZH", "zho|ZH", "chi|ZH", "cmn|ZH", "cmn-CN|ZH",
            "zh-cmn|ZH", "zh-guoyu|ZH", "zh-min-nan|ZH", "zh-hakka|ZH", "wuu|ZH", "lzh|ZH", "en-Hans|ZH",
            "ja-Hans|ZH",
            "en|EN", "en-US|EN", "EN|EN", "fr|EN", "de-DE|EN", "ja|EN", "yue|EN", "zh-yue|EN", "cmn-Hant|EN",
            "zh-Latn|EN", "zh-Hani|EN", "zh-Cyrl|EN", "x-foo|EN", "i-klingon|EN", "und|EN", "qaa|EN", "in|EN",
            "en-GB-oed|EN", "art-lojban|EN",
            "NONE|NONE", "''|NONE", "xx|NONE", "zz|NONE", "*|NONE", "zh-CN,zh;q=0.9|NONE", "zh-CN;q=0.9|NONE",
            "en-US,en;q=0.9|NONE", "'zh-CN '|NONE", "' zh-CN'|NONE", "zh-|NONE", "-zh|NONE", "zh--CN|NONE",
            "zh-x|NONE", "zh-CN-x|NONE", "zh-z|NONE", "zh-CN-CN|NONE", "zh-CN-Hans|NONE", "abcdefghi|NONE",
            "zh-abcdefghi|NONE", "zh-12|NONE", "C|NONE", "POSIX|NONE",
    })
    void negotiatesAsObshell(String header, String expected) {
        Optional<Language> language = Language.negotiate(header);
        assertThat(language.map(Enum::name).orElse(null)).isEqualTo(expected);
    }
}
