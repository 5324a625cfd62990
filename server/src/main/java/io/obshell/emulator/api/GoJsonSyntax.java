package io.obshell.emulator.api;

import java.util.Arrays;

/**
 * Checks JSON the way Go's encoding/json scanner does and reports its exact error text
 * ({@code invalid character 'x' looking for beginning of value}, {@code unexpected EOF}, ...).
 * Clients of obshell see these strings inside Common.BindJsonFailed and DecryptFailed
 * messages; no Java JSON library produces them, so this validator is our own.
 *
 * <p>It keeps its own stack of open containers instead of recursing: Go accepts nesting up to
 * 10000 levels, deeper than a default Java thread stack can recurse.
 */
final class GoJsonSyntax {

    /** json.Unmarshal checks the whole input; gin's BindJSON decodes only the first value. */
    enum Mode { UNMARSHAL, DECODER }

    static final int MAX_DEPTH = 10_000;

    private static final String BEGINNING_OF_VALUE = "looking for beginning of value";

    static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] b;
    private final int end;
    private final Mode mode;
    private int i;
    /** The open containers, innermost last: true for an object, false for an array. */
    private boolean[] open = new boolean[16];
    private int depth;

    private GoJsonSyntax(byte[] b, int end, Mode mode) {
        this.b = b;
        this.end = end;
        this.mode = mode;
    }

    /** Returns the index just after the first value; for UNMARSHAL only spaces may follow it. */
    static int check(byte[] input, Mode mode) throws SyntaxException {
        GoJsonSyntax scanner = new GoJsonSyntax(input, input.length, mode);
        scanner.skipSpace();
        if (scanner.i == scanner.end) {
            throw new SyntaxException(mode == Mode.DECODER ? "EOF" : "unexpected end of JSON input");
        }
        scanner.value();
        int valueEnd = scanner.i;
        if (mode == Mode.UNMARSHAL) {
            scanner.skipSpace();
            if (scanner.i < scanner.end) {
                throw scanner.invalid("after top-level value");
            }
        }
        return valueEnd;
    }

    /** One whole value, containers included; the cursor ends just after it. */
    private void value() throws SyntaxException {
        while (true) {
            skipSpace();
            int c = peek();
            if (c == '{') {
                push(true);
                skipSpace();
                if (peek() == '}') {
                    i++;
                    depth--;
                } else {
                    objectKey();
                    continue;
                }
            } else if (c == '[') {
                push(false);
                skipSpace();
                if (peek() == ']') {
                    i++;
                    depth--;
                } else {
                    continue;
                }
            } else {
                scalar(c);
            }
            if (!closeContainers()) {
                return;
            }
        }
    }

    /**
     * After a value: closes every container that ends here. Returns true when another value
     * follows (after a comma, and after the key and colon inside an object), false when the
     * outermost value is complete.
     */
    private boolean closeContainers() throws SyntaxException {
        while (depth > 0) {
            skipSpace();
            int c = peek();
            boolean inObject = open[depth - 1];
            if (c == ',') {
                i++;
                if (inObject) {
                    skipSpace();
                    objectKey();
                }
                return true;
            }
            if (c == (inObject ? '}' : ']')) {
                i++;
                depth--;
                continue;
            }
            throw invalid(inObject ? "after object key:value pair" : "after array element");
        }
        return false;
    }

    /** A key string and its colon; the cursor ends before the value. */
    private void objectKey() throws SyntaxException {
        if (peek() != '"') {
            throw invalid("looking for beginning of object key string");
        }
        string();
        skipSpace();
        if (peek() != ':') {
            throw invalid("after object key");
        }
        i++;
    }

    private void scalar(int c) throws SyntaxException {
        switch (c) {
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || isDigit(c)) {
                    number();
                } else {
                    throw invalid(BEGINNING_OF_VALUE);
                }
            }
        }
    }

    /** Go's scanner refuses nesting deeper than 10000, naming the bracket that went too deep. */
    private void push(boolean object) throws SyntaxException {
        if (depth == MAX_DEPTH) {
            throw invalid("exceeded max depth");
        }
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
        }
        open[depth++] = object;
        i++;
    }

    private void string() throws SyntaxException {
        i++;
        while (true) {
            int c = peek();
            if (c == '"') {
                i++;
                return;
            }
            if (c == '\\') {
                i++;
                int e = peekIn("in string escape code");
                if (e == 'u') {
                    i++;
                    for (int k = 0; k < 4; k++) {
                        if (!isHex(peekIn("in \\u hexadecimal character escape"))) {
                            throw invalid("in \\u hexadecimal character escape");
                        }
                        i++;
                    }
                    continue;
                }
                if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw invalid("in string escape code");
                }
                i++;
                continue;
            }
            if (c < 0x20) {
                throw invalid("in string literal");
            }
            i++;
        }
    }

    private void number() throws SyntaxException {
        if (b[i] == '-') {
            i++;
            if (!isDigit(peekIn("in numeric literal"))) {
                throw invalid("in numeric literal");
            }
        }
        if (b[i] == '0') {
            i++;
        } else {
            digits();
        }
        if (i < end && b[i] == '.') {
            i++;
            if (!isDigit(peekIn("after decimal point in numeric literal"))) {
                throw invalid("after decimal point in numeric literal");
            }
            digits();
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            int c = peekIn("in exponent of numeric literal");
            if (c == '+' || c == '-') {
                i++;
            }
            if (!isDigit(peekIn("in exponent of numeric literal"))) {
                throw invalid("in exponent of numeric literal");
            }
            digits();
        }
    }

    private void literal(String word) throws SyntaxException {
        i++;
        for (int k = 1; k < word.length(); k++) {
            String context = "in literal " + word + " (expecting '" + word.charAt(k) + "')";
            if (peekIn(context) != word.charAt(k)) {
                throw invalid(context);
            }
            i++;
        }
    }

    private void digits() {
        while (i < end && isDigit(b[i])) {
            i++;
        }
    }

    /** The byte at the cursor where a space would be fine; running out of input is Go's EOF error. */
    private int peek() throws SyntaxException {
        if (i >= end) {
            throw new SyntaxException(mode == Mode.DECODER ? "unexpected EOF" : "unexpected end of JSON input");
        }
        return b[i] & 0xff;
    }

    /**
     * The byte at the cursor inside a token. At the end of input json.Unmarshal feeds its
     * scanner one space (scanner.eof), so a token cut short fails on that space; the Decoder
     * reports any unfinished value as {@code unexpected EOF}.
     */
    private int peekIn(String context) throws SyntaxException {
        if (i >= end && mode == Mode.UNMARSHAL) {
            throw new SyntaxException("invalid character ' ' " + context);
        }
        return peek();
    }

    private void skipSpace() {
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
    }

    private SyntaxException invalid(String context) {
        return new SyntaxException("invalid character " + quoteChar(b[i] & 0xff) + " " + context);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Go's quoteChar: the byte read as a rune, quoted as strconv.Quote would, in single quotes. */
    static String quoteChar(int c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        String inner = switch (c) {
            case 0x07 -> "\\a";
            case 0x08 -> "\\b";
            case 0x0c -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case 0x0b -> "\\v";
            case '\\' -> "\\\\";
            default -> {
                if (c < 0x20 || c == 0x7f) {
                    yield String.format("\\x%02x", c);
                }
                if (c >= 0x80 && (c < 0xa1 || c == 0xad)) {
                    yield String.format("\\u%04x", c);
                }
                yield String.valueOf((char) c);
            }
        };
        return "'" + inner + "'";
    }
}
