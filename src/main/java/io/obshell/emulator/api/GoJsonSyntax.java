package io.obshell.emulator.api;

/**
 * Checks JSON the way Go's encoding/json scanner does and reports its exact error text
 * ({@code invalid character 'x' looking for beginning of value}, {@code unexpected EOF}, ...).
 * Clients of obshell see these strings inside Common.BindJsonFailed and DecryptFailed
 * messages; no Java JSON library produces them, so this validator is our own.
 */
final class GoJsonSyntax {

    /** json.Unmarshal checks the whole input; gin's BindJSON decodes only the first value. */
    enum Mode { UNMARSHAL, DECODER }

    static final int MAX_DEPTH = 10_000;

    static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] b;
    private final int end;
    private final Mode mode;
    private int i;
    private int depth;

    private GoJsonSyntax(byte[] b, int end, Mode mode) {
        this.b = b;
        this.end = end;
        this.mode = mode;
    }

    /** Returns the index just after the first value (after the whole input for UNMARSHAL). */
    static int check(byte[] input, Mode mode) throws SyntaxException {
        GoJsonSyntax scanner = new GoJsonSyntax(input, input.length, mode);
        scanner.skipSpace();
        if (scanner.i == scanner.end) {
            throw new SyntaxException(mode == Mode.DECODER ? "EOF" : "unexpected end of JSON input");
        }
        try {
            scanner.value("looking for beginning of value");
        } catch (StackOverflowError tooDeep) {
            // A thread stack smaller than Go's depth limit: the same answer, a little earlier.
            throw new SyntaxException("exceeded max depth");
        }
        int valueEnd = scanner.i;
        if (mode == Mode.UNMARSHAL) {
            scanner.skipSpace();
            if (scanner.i < scanner.end) {
                throw scanner.invalid("after top-level value");
            }
        }
        return valueEnd;
    }

    private void value(String context) throws SyntaxException {
        int c = peek();
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw invalid(context);
                }
            }
        }
    }

    private void object() throws SyntaxException {
        enter();
        skipSpace();
        if (peek() == '}') {
            i++;
            depth--;
            return;
        }
        while (true) {
            if (peek() != '"') {
                throw invalid("looking for beginning of object key string");
            }
            string();
            skipSpace();
            if (peek() != ':') {
                throw invalid("after object key");
            }
            i++;
            skipSpace();
            value("looking for beginning of value");
            skipSpace();
            int c = peek();
            if (c == '}') {
                i++;
                depth--;
                return;
            }
            if (c != ',') {
                throw invalid("after object key:value pair");
            }
            i++;
            skipSpace();
        }
    }

    private void array() throws SyntaxException {
        enter();
        skipSpace();
        if (peek() == ']') {
            i++;
            depth--;
            return;
        }
        while (true) {
            value("looking for beginning of value");
            skipSpace();
            int c = peek();
            if (c == ']') {
                i++;
                depth--;
                return;
            }
            if (c != ',') {
                throw invalid("after array element");
            }
            i++;
            skipSpace();
        }
    }

    /** Go's scanner refuses nesting deeper than 10000, which also bounds our recursion. */
    private void enter() throws SyntaxException {
        i++;
        if (++depth > MAX_DEPTH) {
            throw new SyntaxException("exceeded max depth");
        }
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
                int e = peek();
                if (e == 'u') {
                    i++;
                    for (int k = 0; k < 4; k++) {
                        if (!isHex(peek())) {
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
            if (!isDigit(peek())) {
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
            if (!isDigit(peek())) {
                throw invalid("after decimal point in numeric literal");
            }
            digits();
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (peek() == '+' || peek() == '-') {
                i++;
            }
            if (!isDigit(peek())) {
                throw invalid("in exponent of numeric literal");
            }
            digits();
        }
    }

    private void literal(String word) throws SyntaxException {
        i++;
        for (int k = 1; k < word.length(); k++) {
            if (peek() != word.charAt(k)) {
                throw invalid("in literal " + word + " (expecting '" + word.charAt(k) + "')");
            }
            i++;
        }
    }

    private void digits() {
        while (i < end && isDigit(b[i])) {
            i++;
        }
    }

    /** The byte at the cursor; running out of input mid-value is Go's EOF error. */
    private int peek() throws SyntaxException {
        if (i >= end) {
            throw new SyntaxException(mode == Mode.DECODER ? "unexpected EOF" : "unexpected end of JSON input");
        }
        return b[i] & 0xff;
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
