package io.obshell.emulator.secure;

import java.util.function.Function;
import java.util.regex.Pattern;

import io.obshell.emulator.api.ApiException;

/** Go's {@code strconv.ParseInt(s, 10, 64)} and its error texts, for the header's ts. */
final class GoParseInt {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");

    private GoParseInt() {
    }

    static long parse(String s, Function<String, ApiException> onError) {
        if (!DECIMAL.matcher(s).matches()) {
            throw onError.apply("strconv.ParseInt: parsing " + quote(s) + ": invalid syntax");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw onError.apply("strconv.ParseInt: parsing " + quote(s) + ": value out of range");
        }
    }

    /** strconv.Quote for the common cases: quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
