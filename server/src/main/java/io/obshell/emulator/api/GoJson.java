package io.obshell.emulator.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes JSON into a {@link GoStruct} with Go's rules and Go's error texts: keys matched
 * case-insensitively, each occurrence of a key applied in order (so the last one wins),
 * unknown keys ignored, null leaves a string alone and resets a byte slice, the first type
 * error reported. {@link #bind} adds gin's BindJSON on top: first value only, then the
 * {@code required} validation, every failure as 400 Common.BindJsonFailed.
 *
 * <p>It walks the bytes itself, after {@link GoJsonSyntax} has checked them: a tree from a JSON
 * library would merge duplicate keys and decode strings by Java's rules, not Go's.
 */
public final class GoJson {

    /** A decoding failure with Go's message. */
    public static final class GoJsonException extends Exception {
        GoJsonException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Decoded field values by Go field name: String for STRING and STRING_POINTER, byte[] for
     * BYTES, Long for INT_POINTER, a Map of String for STRING_MAP; absent when unset or nil.
     */
    public record Values(Map<String, Object> byGoName) {

        public String string(String goName) {
            Object value = byGoName.get(goName);
            return value == null ? "" : (String) value;
        }

        public byte[] bytes(String goName) {
            return (byte[]) byGoName.get(goName);
        }

        public boolean present(String goName) {
            return byGoName.containsKey(goName);
        }

        /** A {@code *int}: null when nil. */
        public Long integer(String goName) {
            return (Long) byGoName.get(goName);
        }

        /** A {@code *string}: null when nil. */
        public String stringPointer(String goName) {
            return (String) byGoName.get(goName);
        }

        /** A {@code map[string]string} in the order its keys came: null when nil. */
        @SuppressWarnings("unchecked")
        public Map<String, String> stringMap(String goName) {
            return (Map<String, String>) byGoName.get(goName);
        }
    }

    private GoJson() {
    }

    /** {@code json.Unmarshal}: the whole input must be one valid JSON value. */
    public static Values unmarshal(byte[] data, GoStruct struct) throws GoJsonException {
        return decode(data, GoJsonSyntax.Mode.UNMARSHAL, struct);
    }

    /** gin's {@code c.BindJSON}: decode, then validate {@code binding:"required"}. */
    public static Values bind(byte[] body, GoStruct struct) {
        Values values;
        try {
            values = decode(body, GoJsonSyntax.Mode.DECODER, struct);
        } catch (GoJsonException e) {
            throw ApiException.of(ErrorCode.COMMON_BIND_JSON_FAILED, e.getMessage());
        }
        List<String> failures = new ArrayList<>();
        for (GoStruct.Field field : struct.fields()) {
            if (field.required() && values.string(field.goName()).isEmpty()) {
                failures.add("Key: '" + struct.simpleName() + "." + field.goName() + "' Error:Field validation for '"
                        + field.goName() + "' failed on the 'required' tag");
            }
        }
        if (!failures.isEmpty()) {
            throw ApiException.of(ErrorCode.COMMON_BIND_JSON_FAILED, String.join("\n", failures));
        }
        return values;
    }

    private static Values decode(byte[] data, GoJsonSyntax.Mode mode, GoStruct struct) throws GoJsonException {
        int valueEnd;
        try {
            valueEnd = GoJsonSyntax.check(data, mode);
        } catch (GoJsonSyntax.SyntaxException e) {
            throw new GoJsonException(e.getMessage());
        }
        return new Walker(data, valueEnd, struct).root();
    }

    /** Reads JSON already known to be valid; records the first type error as Go's decodeState does. */
    private static final class Walker {

        private final byte[] b;
        private final int end;
        private final GoStruct struct;
        private final Map<String, Object> values = new HashMap<>();
        private String firstError;
        private int i;

        Walker(byte[] b, int end, GoStruct struct) {
            this.b = b;
            this.end = end;
            this.struct = struct;
        }

        Values root() throws GoJsonException {
            skipSpace();
            int c = b[i];
            if (c == 'n') {
                return new Values(values);
            }
            if (c != '{') {
                throw new GoJsonException("json: cannot unmarshal " + kindOf(c) + " into Go value of type "
                        + struct.qualifiedName());
            }
            i++;
            skipSpace();
            while (b[i] != '}') {
                String key = new String(unquote(), StandardCharsets.UTF_8);
                skipSpace();
                i++; // ':'
                skipSpace();
                GoStruct.Field field = fieldFor(key);
                if (field == null) {
                    skipValue();
                } else {
                    assign(field);
                }
                skipSpace();
                if (b[i] == ',') {
                    i++;
                    skipSpace();
                }
            }
            if (firstError != null) {
                throw new GoJsonException(firstError);
            }
            return new Values(values);
        }

        private void assign(GoStruct.Field field) {
            int c = b[i];
            if (c == 'n') {
                // Go ignores null for a string but sets a slice, a pointer or a map to nil.
                i += 4;
                if (field.kind() != GoStruct.Kind.STRING) {
                    values.remove(field.goName());
                }
                return;
            }
            if (field.kind() == GoStruct.Kind.INT_POINTER) {
                integer(field);
                return;
            }
            if (field.kind() == GoStruct.Kind.STRING_MAP) {
                stringMap(field);
                return;
            }
            if (c == '"') {
                byte[] text = unquote();
                if (field.kind() == GoStruct.Kind.STRING || field.kind() == GoStruct.Kind.STRING_POINTER) {
                    values.put(field.goName(), new String(text, StandardCharsets.UTF_8));
                    return;
                }
                GoBase64.Result decoded = GoBase64.decode(text);
                if (decoded.ok()) {
                    values.put(field.goName(), decoded.bytes());
                } else {
                    error(decoded.error());
                }
                return;
            }
            if (c == '[' && field.kind() == GoStruct.Kind.BYTES) {
                byteArray(field);
                return;
            }
            error(typeError(kindOf(c), field, field.kind().goType));
            skipValue();
        }

        /** A number into an int: strconv.ParseInt's base-10 literal, within int64. */
        private void integer(GoStruct.Field field) {
            int c = b[i];
            int start = i;
            skipValue();
            if (c != '-' && (c < '0' || c > '9')) {
                error(typeError(kindOf(c), field, field.kind().goType));
                return;
            }
            String number = new String(b, start, i - start, StandardCharsets.US_ASCII);
            try {
                values.put(field.goName(), Long.parseLong(number));
            } catch (NumberFormatException e) {
                error(typeError("number " + number, field, field.kind().goType));
            }
        }

        /**
         * An object into a map[string]string, the map kept if it already exists (Go reuses a
         * non-nil map); a value that is not a string is a type error naming its key.
         */
        private void stringMap(GoStruct.Field field) {
            if (b[i] != '{') {
                error(typeError(kindOf(b[i]), field, field.kind().goType));
                skipValue();
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, String> map = (Map<String, String>) values.computeIfAbsent(field.goName(),
                    name -> new LinkedHashMap<String, String>());
            i++;
            skipSpace();
            while (b[i] != '}') {
                String key = new String(unquote(), StandardCharsets.UTF_8);
                skipSpace();
                i++; // ':'
                skipSpace();
                int c = b[i];
                if (c == '"') {
                    map.put(key, new String(unquote(), StandardCharsets.UTF_8));
                } else {
                    if (c != 'n') {
                        error("json: cannot unmarshal " + kindOf(c) + " into Go struct field " + struct.simpleName()
                                + "." + field.jsonName() + "." + key + " of type string");
                    } else {
                        // null into a map's string element stores the zero value.
                        map.put(key, "");
                    }
                    skipValue();
                }
                skipSpace();
                if (b[i] == ',') {
                    i++;
                    skipSpace();
                }
            }
            i++;
        }

        /** A JSON array into []byte: each element must be an integer 0..255. */
        private void byteArray(GoStruct.Field field) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            i++;
            skipSpace();
            while (b[i] != ']') {
                int c = b[i];
                int start = i;
                skipValue();
                if (c == '-' || (c >= '0' && c <= '9')) {
                    String number = new String(b, start, i - start, StandardCharsets.US_ASCII);
                    if (number.matches("[0-9]{1,3}") && Integer.parseInt(number) <= 255) {
                        bytes.write(Integer.parseInt(number));
                    } else {
                        error(typeError("number " + number, field, "uint8"));
                        bytes.write(0);
                    }
                } else if (c == 'n') {
                    bytes.write(0);
                } else {
                    error(typeError(kindOf(c), field, "uint8"));
                    bytes.write(0);
                }
                skipSpace();
                if (b[i] == ',') {
                    i++;
                    skipSpace();
                }
            }
            i++;
            values.put(field.goName(), bytes.toByteArray());
        }

        private String typeError(String kind, GoStruct.Field field, String goType) {
            return "json: cannot unmarshal " + kind + " into Go struct field " + struct.simpleName() + "."
                    + field.jsonName() + " of type " + goType;
        }

        private void error(String message) {
            if (firstError == null) {
                firstError = message;
            }
        }

        /** Go matches the exact name first, then any name equal under its case folding. */
        private GoStruct.Field fieldFor(String key) {
            for (GoStruct.Field field : struct.fields()) {
                if (field.jsonName().equals(key)) {
                    return field;
                }
            }
            String folded = fold(key);
            for (GoStruct.Field field : struct.fields()) {
                if (fold(field.jsonName()).equals(folded)) {
                    return field;
                }
            }
            return null;
        }

        /** Skips one valid value, containers included. */
        private void skipValue() {
            int depth = 0;
            do {
                int c = b[i];
                if (c == '"') {
                    skipString();
                } else if (c == '{' || c == '[') {
                    depth++;
                    i++;
                } else if (c == '}' || c == ']') {
                    depth--;
                    i++;
                } else if (c == ',' || c == ':' || isSpace(c)) {
                    i++;
                } else {
                    while (i < end && isLiteralByte(b[i])) {
                        i++;
                    }
                }
            } while (depth > 0);
        }

        private void skipString() {
            i++;
            while (b[i] != '"') {
                i += b[i] == '\\' ? 2 : 1;
            }
            i++;
        }

        /**
         * Go's unquote of the string at the cursor: escapes resolved, a lone or broken UTF-16
         * surrogate and every byte of invalid UTF-8 become U+FFFD.
         */
        private byte[] unquote() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            i++;
            while (b[i] != '"') {
                int c = b[i] & 0xff;
                if (c == '\\') {
                    int e = b[i + 1];
                    if (e == 'u') {
                        int rune = hex4(i);
                        i += 6;
                        if (rune >= 0xd800 && rune < 0xe000) {
                            int low = b[i] == '\\' && b[i + 1] == 'u' ? hex4(i) : -1;
                            if (rune < 0xdc00 && low >= 0xdc00 && low < 0xe000) {
                                rune = 0x10000 + ((rune - 0xd800) << 10) + (low - 0xdc00);
                                i += 6;
                            } else {
                                rune = 0xfffd;
                            }
                        }
                        writeUtf8(out, rune);
                    } else {
                        out.write(switch (e) {
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            default -> e;
                        });
                        i += 2;
                    }
                } else if (c < 0x80) {
                    out.write(c);
                    i++;
                } else {
                    int size = utf8Length(b, i);
                    if (size == 0) {
                        writeUtf8(out, 0xfffd);
                        i++;
                    } else {
                        out.write(b, i, size);
                        i += size;
                    }
                }
            }
            i++;
            return out.toByteArray();
        }

        private int hex4(int at) {
            return Integer.parseInt(new String(b, at + 2, 4, StandardCharsets.US_ASCII), 16);
        }

        private void skipSpace() {
            while (i < end && isSpace(b[i])) {
                i++;
            }
        }
    }

    /** Go's foldName: ASCII letters upper-cased, other runes mapped through ToUpper(ToLower(r)). */
    public static String fold(String name) {
        StringBuilder folded = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> folded.appendCodePoint(cp < 0x80
                ? Character.toUpperCase(cp) : Character.toUpperCase(Character.toLowerCase(cp))));
        return folded.toString();
    }

    /**
     * The length of the well-formed UTF-8 sequence at {@code at} (Go's utf8.DecodeRune
     * acceptance: no overlongs, no surrogates, nothing past U+10FFFF), or 0 if there is none.
     */
    static int utf8Length(byte[] b, int at) {
        int b0 = b[at] & 0xff;
        int size;
        int lo = 0x80;
        int hi = 0xbf;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            size = 2;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            size = 3;
            lo = b0 == 0xe0 ? 0xa0 : 0x80;
            hi = b0 == 0xed ? 0x9f : 0xbf;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            size = 4;
            lo = b0 == 0xf0 ? 0x90 : 0x80;
            hi = b0 == 0xf4 ? 0x8f : 0xbf;
        } else {
            return 0;
        }
        if (at + size > b.length) {
            return 0;
        }
        int b1 = b[at + 1] & 0xff;
        if (b1 < lo || b1 > hi) {
            return 0;
        }
        for (int k = 2; k < size; k++) {
            int bk = b[at + k] & 0xff;
            if (bk < 0x80 || bk > 0xbf) {
                return 0;
            }
        }
        return size;
    }

    private static void writeUtf8(ByteArrayOutputStream out, int rune) {
        byte[] encoded = new String(Character.toChars(rune)).getBytes(StandardCharsets.UTF_8);
        out.write(encoded, 0, encoded.length);
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isLiteralByte(byte c) {
        return c != ',' && c != ']' && c != '}' && c != ':' && !isSpace(c);
    }

    private static String kindOf(int c) {
        return switch (c) {
            case '{' -> "object";
            case '[' -> "array";
            case '"' -> "string";
            case 't', 'f' -> "bool";
            default -> "number";
        };
    }
}
