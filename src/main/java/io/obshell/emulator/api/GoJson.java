package io.obshell.emulator.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes JSON into a {@link GoStruct} with Go's rules and Go's error texts: keys matched
 * case-insensitively, last one wins, unknown keys ignored, null leaves a field alone, the first
 * type error reported. {@link #bind} adds gin's BindJSON on top: first value only, then the
 * {@code required} validation, every failure as 400 Common.BindJsonFailed.
 */
public final class GoJson {

    // Limits as Go's: nesting up to the scanner's 10000, strings as long as a request can be.
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(GoJsonSyntax.MAX_DEPTH + 1)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .build())
            .build()).build();

    /** A decoding failure with Go's message. */
    public static final class GoJsonException extends Exception {
        GoJsonException(String message) {
            super(message, null, false, false);
        }
    }

    /** Decoded field values by Go field name: String for STRING, byte[] for BYTES, absent when unset. */
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
        // Go keeps invalid UTF-8 as U+FFFD; decoding to a String first does the same.
        JsonNode root = MAPPER.readTree(new String(data, 0, valueEnd, StandardCharsets.UTF_8));
        Map<String, Object> values = new HashMap<>();
        if (root.isNull()) {
            return new Values(values);
        }
        if (!root.isObject()) {
            throw new GoJsonException("json: cannot unmarshal " + kindOf(root) + " into Go value of type "
                    + struct.qualifiedName());
        }
        String firstError = null;
        for (Map.Entry<String, JsonNode> property : root.properties()) {
            GoStruct.Field field = fieldFor(struct, property.getKey());
            if (field == null || property.getValue().isNull()) {
                continue;
            }
            String error = assign(values, struct, field, property.getValue());
            if (error != null && firstError == null) {
                firstError = error;
            }
        }
        if (firstError != null) {
            throw new GoJsonException(firstError);
        }
        return new Values(values);
    }

    private static String assign(Map<String, Object> values, GoStruct struct, GoStruct.Field field, JsonNode node) {
        if (!node.isString()) {
            return "json: cannot unmarshal " + kindOf(node) + " into Go struct field " + struct.simpleName() + "."
                    + field.jsonName() + " of type " + field.kind().goType;
        }
        String text = node.stringValue();
        if (field.kind() == GoStruct.Kind.STRING) {
            values.put(field.goName(), text);
            return null;
        }
        GoBase64.Result decoded = GoBase64.decode(text.getBytes(StandardCharsets.UTF_8));
        if (!decoded.ok()) {
            return decoded.error();
        }
        values.put(field.goName(), decoded.bytes());
        return null;
    }

    private static GoStruct.Field fieldFor(GoStruct struct, String key) {
        for (GoStruct.Field field : struct.fields()) {
            if (field.jsonName().equals(key)) {
                return field;
            }
        }
        for (GoStruct.Field field : struct.fields()) {
            if (field.jsonName().equalsIgnoreCase(key)) {
                return field;
            }
        }
        return null;
    }

    private static String kindOf(JsonNode node) {
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isObject()) {
            return "object";
        }
        return "string";
    }
}
