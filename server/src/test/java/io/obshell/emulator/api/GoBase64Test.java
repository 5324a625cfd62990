package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GoBase64#decode} against what Go's {@code base64.StdEncoding.DecodeString} returns:
 * the error index of its CorruptInputError, and the bytes of the quanta decoded before it
 * (obshell keeps them for bodies, auth.md §3.1, and reports the error for headers, §4.2).
 */
class GoBase64Test {

    static Stream<Arguments> goDecodeResults() {
        return Stream.of(
                // input, Go's error index (-1: nil error), bytes Go returns
                Arguments.of("QUJD", -1, "ABC"),
                Arguments.of("QUI=", -1, "AB"),
                Arguments.of("QQ==", -1, "A"),
                Arguments.of("", -1, ""),
                Arguments.of("\r\n", -1, ""),
                Arguments.of("QU\r\nJD", -1, "ABC"),
                Arguments.of("QUJD\n", -1, "ABC"),
                Arguments.of("QUI=\r\n", -1, "AB"),
                Arguments.of("QQ=\n=", -1, "A"),
                Arguments.of("QQ=\r\n=\n", -1, "A"),
                // StdEncoding is not Strict: unused trailing bits need not be zero.
                Arguments.of("QR==", -1, "A"),
                Arguments.of("QU!D", 2, ""),
                Arguments.of("QUJDQ!==", 5, "ABC"),
                Arguments.of("QUJD-_", 4, "ABC"),
                Arguments.of("QUJD QUJD", 4, "ABC"),
                Arguments.of("QUJDQUJDQUJD!", 12, "ABCABCABC"),
                // '=' where a quantum has fewer than two characters
                Arguments.of("=", 0, ""),
                Arguments.of("QUJD=AAA", 4, "ABC"),
                Arguments.of("QUJDQ===", 5, "ABC"),
                // "==" expected after two characters: Go names the byte before the one that is not '='
                Arguments.of("QQ=A", 2, ""),
                Arguments.of("QQ=\nA", 3, ""),
                Arguments.of("QQ=", 3, ""),
                Arguments.of("QQ=\n", 4, ""),
                Arguments.of("QUJDQQ=", 7, "ABC"),
                // anything but newlines after the padding is trailing garbage, the padded quantum kept
                Arguments.of("QQ==QUJD", 4, "A"),
                Arguments.of("QUI=QUJD", 4, "AB"),
                Arguments.of("QQ==\n\nX", 6, "A"),
                Arguments.of("QQ===", 4, "A"),
                Arguments.of("QUI==", 4, "AB"),
                // an incomplete final quantum is named by its first character
                Arguments.of("QUJDQ", 4, "ABC"),
                Arguments.of("QUJDQQ", 4, "ABC"),
                Arguments.of("QUJDQUJ", 4, "ABC"),
                // ... counted back over characters only, so a skipped newline shifts it
                Arguments.of("QU\nJ", 1, ""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("goDecodeResults")
    void decodesAsGoStdEncodingDoes(String input, int errorIndex, String bytes) {
        GoBase64.Result result = GoBase64.decode(input.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(result.errorIndex()).isEqualTo(errorIndex);
        assertThat(result.ok()).isEqualTo(errorIndex < 0);
        assertThat(new String(result.bytes(), StandardCharsets.ISO_8859_1)).isEqualTo(bytes);
    }

    @Test
    void errorTextIsGosCorruptInputError() {
        assertThat(GoBase64.decode("QUJDQ!==".getBytes(StandardCharsets.US_ASCII)).error())
                .isEqualTo("illegal base64 data at input byte 5");
    }

    @Test
    void bytesAboveAsciiAreInvalidCharacters() {
        GoBase64.Result result = GoBase64.decode(new byte[] {'Q', 'U', 'J', 'D', 'Q', (byte) 0xff, '=', '='});

        assertThat(result.errorIndex()).isEqualTo(5);
        assertThat(result.bytes()).containsExactly('A', 'B', 'C');
    }

    @Test
    void errorIndexIsRelativeToTheStartOfTheRange() {
        byte[] buffer = "xxQU!Dyy".getBytes(StandardCharsets.US_ASCII);

        assertThat(GoBase64.decode(buffer, 2, 6).errorIndex()).isEqualTo(2);
        assertThat(GoBase64.decode(buffer, 2, 4).errorIndex()).isEqualTo(0);
    }
}
