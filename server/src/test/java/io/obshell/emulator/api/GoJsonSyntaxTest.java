package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import io.obshell.emulator.api.GoJsonSyntax.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GoJsonSyntax} reports Go's encoding/json scanner text, which clients read inside
 * DecryptFailed (json.Unmarshal of the header, auth.md §4.2) and BindJsonFailed (gin's
 * Decoder on the body, envelope-errors.md §2.2) messages. Inputs are written as ISO-8859-1
 * so that every char is one byte.
 */
class GoJsonSyntaxTest {

    static Stream<Arguments> unmarshalErrors() {
        return Stream.of(
                Arguments.of("x", "invalid character 'x' looking for beginning of value"),
                Arguments.of("[1,]", "invalid character ']' looking for beginning of value"),
                Arguments.of("{\"a\":}", "invalid character '}' looking for beginning of value"),
                Arguments.of("{x", "invalid character 'x' looking for beginning of object key string"),
                Arguments.of("{\"a\":1,}", "invalid character '}' looking for beginning of object key string"),
                Arguments.of("{\"a\" 1}", "invalid character '1' after object key"),
                Arguments.of("{\"a\"\"", "invalid character '\"' after object key"),
                Arguments.of("{\"a\":1 \"b\":2}", "invalid character '\"' after object key:value pair"),
                Arguments.of("{\"a\":1]", "invalid character ']' after object key:value pair"),
                Arguments.of("[1 2]", "invalid character '2' after array element"),
                Arguments.of("[01]", "invalid character '1' after array element"),
                Arguments.of("[1}", "invalid character '}' after array element"),
                Arguments.of("\"a\u0001\"", "invalid character '\\x01' in string literal"),
                Arguments.of("\"a\nb\"", "invalid character '\\n' in string literal"),
                Arguments.of("\"a\tb\"", "invalid character '\\t' in string literal"),
                Arguments.of("\"\\x\"", "invalid character 'x' in string escape code"),
                Arguments.of("\"\\'\"", "invalid character '\\'' in string escape code"),
                Arguments.of("\"\\u12g4\"", "invalid character 'g' in \\u hexadecimal character escape"),
                Arguments.of("-x", "invalid character 'x' in numeric literal"),
                Arguments.of("-.5", "invalid character '.' in numeric literal"),
                Arguments.of("1.x", "invalid character 'x' after decimal point in numeric literal"),
                Arguments.of("1ex", "invalid character 'x' in exponent of numeric literal"),
                Arguments.of("1e+x", "invalid character 'x' in exponent of numeric literal"),
                Arguments.of("tx", "invalid character 'x' in literal true (expecting 'r')"),
                Arguments.of("trUe", "invalid character 'U' in literal true (expecting 'u')"),
                Arguments.of("folse", "invalid character 'o' in literal false (expecting 'a')"),
                Arguments.of("nil", "invalid character 'i' in literal null (expecting 'u')"),
                Arguments.of("{} x", "invalid character 'x' after top-level value"),
                Arguments.of("{}}", "invalid character '}' after top-level value"),
                Arguments.of("1 2", "invalid character '2' after top-level value"),
                Arguments.of("01", "invalid character '1' after top-level value"),
                Arguments.of("\"a\"\"b\"", "invalid character '\"' after top-level value"),
                // At the end of input json.Unmarshal steps its scanner with one space (scanner.eof):
                // a token cut short fails on that space, anything else is "unexpected end".
                Arguments.of("-", "invalid character ' ' in numeric literal"),
                Arguments.of("1.", "invalid character ' ' after decimal point in numeric literal"),
                Arguments.of("1e", "invalid character ' ' in exponent of numeric literal"),
                Arguments.of("[1e-", "invalid character ' ' in exponent of numeric literal"),
                Arguments.of("t", "invalid character ' ' in literal true (expecting 'r')"),
                Arguments.of("{\"a\":fals", "invalid character ' ' in literal false (expecting 'e')"),
                Arguments.of("nul", "invalid character ' ' in literal null (expecting 'l')"),
                Arguments.of("\"\\", "invalid character ' ' in string escape code"),
                Arguments.of("\"\\u12", "invalid character ' ' in \\u hexadecimal character escape"),
                Arguments.of("", "unexpected end of JSON input"),
                Arguments.of(" \r\n\t", "unexpected end of JSON input"),
                Arguments.of("{", "unexpected end of JSON input"),
                Arguments.of("{\"a\"", "unexpected end of JSON input"),
                Arguments.of("{\"a\":", "unexpected end of JSON input"),
                Arguments.of("{\"a\":1", "unexpected end of JSON input"),
                Arguments.of("[1,", "unexpected end of JSON input"),
                Arguments.of("[1", "unexpected end of JSON input"),
                Arguments.of("[1.5e3", "unexpected end of JSON input"),
                Arguments.of("\"abc", "unexpected end of JSON input"),
                Arguments.of("\"\\u1234", "unexpected end of JSON input"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unmarshalErrors")
    void unmarshalReportsGosScannerError(String input, String message) {
        assertThatThrownBy(() -> check(input, Mode.UNMARSHAL)).hasMessage(message);
    }

    static Stream<Arguments> decoderErrors() {
        return Stream.of(
                Arguments.of("", "EOF"),
                Arguments.of(" \n\t\r", "EOF"),
                Arguments.of("{", "unexpected EOF"),
                Arguments.of("  {\"a\":\"b", "unexpected EOF"),
                Arguments.of("[1", "unexpected EOF"),
                // the Decoder does not step a space at the end: every cut-off value is "unexpected EOF"
                Arguments.of("-", "unexpected EOF"),
                Arguments.of("1e", "unexpected EOF"),
                Arguments.of("nul", "unexpected EOF"),
                Arguments.of("\"\\", "unexpected EOF"),
                Arguments.of("\"\\u12", "unexpected EOF"),
                Arguments.of("x", "invalid character 'x' looking for beginning of value"),
                Arguments.of("{\"a\" x}", "invalid character 'x' after object key"),
                Arguments.of("[1,]", "invalid character ']' looking for beginning of value"),
                Arguments.of("1ex", "invalid character 'x' in exponent of numeric literal"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("decoderErrors")
    void decoderReportsGosDecoderError(String input, String message) {
        assertThatThrownBy(() -> check(input, Mode.DECODER)).hasMessage(message);
    }

    static Stream<Arguments> firstValues() {
        return Stream.of(
                Arguments.of("{} x", 2),
                Arguments.of("{\"a\":1}garbage", 7),
                Arguments.of(" [1] [", 4),
                Arguments.of("123abc", 3),
                Arguments.of("01", 1),
                Arguments.of("true false", 4),
                Arguments.of("\"s\"x", 3),
                Arguments.of("null", 4),
                Arguments.of("1.5e+3}", 6));
    }

    /** gin's BindJSON decodes one value and never looks at what follows it. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("firstValues")
    void decoderStopsAfterTheFirstValue(String input, int valueEnd) throws Exception {
        assertThat(check(input, Mode.DECODER)).isEqualTo(valueEnd);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void acceptsEveryKindOfValue(Mode mode) throws Exception {
        String json = " {\"a\":[1,-0,2.5e-3,1E+2,true,false,null,\"\\u00e9\\n\\\"\\\\\\/\\b\\f\\r\\t\"],"
                + "\"b\":{},\"c\":[],\"\":{\"d\":[[]]}} ";

        assertThat(check(json, mode)).isEqualTo(json.length() - 1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nestingIsAllowedToTenThousandLevels(Mode mode) throws Exception {
        String deepest = "[".repeat(5_000) + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + "]".repeat(5_000);

        assertThat(check(deepest, mode)).isEqualTo(deepest.length());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nestingDeeperThanTenThousandLevelsNamesTheBracket(Mode mode) {
        assertThatThrownBy(() -> check("[".repeat(10_001), mode))
                .hasMessage("invalid character '[' exceeded max depth");
        assertThatThrownBy(() -> check("[".repeat(10_000) + "{", mode))
                .hasMessage("invalid character '{' exceeded max depth");
    }

    static Stream<Arguments> quotedBytes() {
        return Stream.of(
                Arguments.of('\'', "'\\''"),
                Arguments.of('"', "'\"'"),
                Arguments.of('x', "'x'"),
                Arguments.of('\\', "'\\\\'"),
                Arguments.of(0x00, "'\\x00'"),
                Arguments.of(0x01, "'\\x01'"),
                Arguments.of(0x07, "'\\a'"),
                Arguments.of(0x08, "'\\b'"),
                Arguments.of(0x09, "'\\t'"),
                Arguments.of(0x0a, "'\\n'"),
                Arguments.of(0x0b, "'\\v'"),
                Arguments.of(0x0c, "'\\f'"),
                Arguments.of(0x0d, "'\\r'"),
                Arguments.of(0x1f, "'\\x1f'"),
                Arguments.of(0x7f, "'\\x7f'"),
                // a byte >= 0x80 is read as the rune U+0080..U+00FF, as Go's string(byte) does
                Arguments.of(0x80, "'\\u0080'"),
                Arguments.of(0x9f, "'\\u009f'"),
                Arguments.of(0xa0, "'\\u00a0'"),
                Arguments.of(0xad, "'\\u00ad'"),
                Arguments.of(0xa1, "'\u00a1'"),
                Arguments.of(0xc3, "'\u00c3'"),
                Arguments.of(0xe9, "'\u00e9'"),
                Arguments.of(0xff, "'\u00ff'"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("quotedBytes")
    void quotesABytesAsGosQuoteChar(int c, String quoted) {
        assertThat(GoJsonSyntax.quoteChar(c)).isEqualTo(quoted);
    }

    @Test
    void aMultiByteCharacterIsReportedByItsFirstByte() {
        byte[] utf8 = "\u00e9".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> GoJsonSyntax.check(utf8, Mode.UNMARSHAL))
                .hasMessage("invalid character '\u00c3' looking for beginning of value");
    }

    @Test
    void aByteAboveAsciiOutsideAStringIsQuotedAsItsRune() {
        assertThatThrownBy(() -> check("{\"a\":1\u0080", Mode.UNMARSHAL))
                .hasMessage("invalid character '\\u0080' after object key:value pair");
    }

    @Test
    void bytesAboveAsciiInsideAStringAreNotChecked() throws Exception {
        byte[] invalidUtf8 = {'"', (byte) 0xff, (byte) 0xc3, '"'};

        assertThat(GoJsonSyntax.check(invalidUtf8, Mode.UNMARSHAL)).isEqualTo(4);
    }

    private static int check(String latin1, Mode mode) throws GoJsonSyntax.SyntaxException {
        return GoJsonSyntax.check(latin1.getBytes(StandardCharsets.ISO_8859_1), mode);
    }
}
