package io.obshell.emulator.api;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;

/**
 * Go's encoding/json escapes {@code <}, {@code >} and {@code &} (HTML safety) and U+2028/U+2029
 * as {@code \\u003c}-style sequences with lowercase hex. Jackson would write them raw (or with
 * uppercase hex), so a client comparing bytes would see a difference.
 */
final class GoHtmlEscapes extends CharacterEscapes {

    static final GoHtmlEscapes INSTANCE = new GoHtmlEscapes();

    private final int[] ascii = standardAsciiEscapesForJSON();

    private GoHtmlEscapes() {
        ascii['<'] = ESCAPE_CUSTOM;
        ascii['>'] = ESCAPE_CUSTOM;
        ascii['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return switch (ch) {
            case '<', '>', '&', 0x2028, 0x2029 -> new SerializedString(String.format("\\u%04x", ch));
            default -> null;
        };
    }
}
