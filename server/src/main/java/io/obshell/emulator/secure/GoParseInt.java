package io.obshell.emulator.secure;

import java.util.function.Function;

import io.obshell.emulator.api.ApiException;

/** Go's {@code strconv.ParseInt(s, 10, 64)} and its error texts: the header's ts, the row id of a task ID. */
public final class GoParseInt {

    /** ParseUint's cutoff for base 10: at or above it, n*10 overflows uint64. */
    private static final long UINT64_CUTOFF = Long.divideUnsigned(-1L, 10) + 1;

    private GoParseInt() {
    }

    /**
     * Reads the digits left to right as Go's ParseUint does and stops at the first problem, so
     * 21 digits followed by a letter are "value out of range", not "invalid syntax".
     */
    public static long parse(String s, Function<String, ApiException> onError) {
        return parse("ParseInt", s, onError);
    }

    /** Go's {@code strconv.Atoi} on a 64-bit platform: ParseInt's rules, its errors under Atoi's name. */
    public static <E extends Exception> long atoi(String s, Function<String, E> onError) throws E {
        return parse("Atoi", s, onError);
    }

    private static <E extends Exception> long parse(String fn, String s, Function<String, E> onError) throws E {
        boolean negative = s.startsWith("-");
        String digits = negative || s.startsWith("+") ? s.substring(1) : s;
        if (digits.isEmpty()) {
            throw onError.apply(error(fn, s, "invalid syntax"));
        }
        long n = 0;
        for (int k = 0; k < digits.length(); k++) {
            char c = digits.charAt(k);
            if (c < '0' || c > '9') {
                throw onError.apply(error(fn, s, "invalid syntax"));
            }
            if (Long.compareUnsigned(n, UINT64_CUTOFF) >= 0) {
                throw onError.apply(error(fn, s, "value out of range"));
            }
            long next = n * 10 + (c - '0');
            if (Long.compareUnsigned(next, n * 10) < 0) {
                throw onError.apply(error(fn, s, "value out of range"));
            }
            n = next;
        }
        // n is unsigned here: the int64 range is [-2^63, 2^63 - 1].
        if (negative ? Long.compareUnsigned(n, Long.MIN_VALUE) > 0 : n < 0) {
            throw onError.apply(error(fn, s, "value out of range"));
        }
        return negative ? -n : n;
    }

    private static String error(String fn, String s, String reason) {
        return "strconv." + fn + ": parsing " + quote(s) + ": " + reason;
    }

    /**
     * Go's strconv.Quote: quote and backslash escaped, printable runes (unicode.IsPrint, by the
     * JDK's Unicode tables) kept, the rest as Go's short escapes, {@code \xNN} for other ASCII
     * controls, or a 4- or 8-digit rune escape.
     */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(rune -> appendEscaped(out, rune));
        return out.append('"').toString();
    }

    private static void appendEscaped(StringBuilder out, int rune) {
        if (rune == '"' || rune == '\\') {
            out.append('\\').appendCodePoint(rune);
            return;
        }
        if (isPrint(rune)) {
            out.appendCodePoint(rune);
            return;
        }
        switch (rune) {
            case 0x07 -> out.append("\\a");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 0x0b -> out.append("\\v");
            default -> {
                if (rune < ' ' || rune == 0x7f) {
                    out.append(String.format("\\x%02x", rune));
                } else if (rune < 0x10000) {
                    // A lone surrogate is not a valid rune; Go writes U+FFFD for it.
                    out.append(String.format("\\u%04x", Character.isSurrogate((char) rune) ? 0xfffd : rune));
                } else {
                    out.append(String.format("\\U%08x", rune));
                }
            }
        }
    }

    /** unicode.IsPrint: letters, marks, numbers, punctuation, symbols, and the ASCII space. */
    private static boolean isPrint(int rune) {
        if (rune < 0x80) {
            return rune >= ' ' && rune < 0x7f;
        }
        return switch (Character.getType(rune)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
