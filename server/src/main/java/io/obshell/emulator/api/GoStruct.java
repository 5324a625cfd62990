package io.obshell.emulator.api;

import java.util.List;

/**
 * A Go struct as encoding/json and gin's validator see it: its qualified type name
 * ({@code param.UpgradeObproxyParam}) and its fields. Error texts quote these names.
 */
public record GoStruct(String qualifiedName, List<Field> fields) {

    public enum Kind {
        /** {@code string}: null leaves it alone. */
        STRING("string"),
        /** {@code []byte}: base64 text or an array of 0..255; null resets it. */
        BYTES("[]uint8"),
        /** {@code *int}: an integer literal in int64's range; null resets it to nil. */
        INT_POINTER("int"),
        /** {@code *string}: null resets it to nil, so "absent" and "" differ. */
        STRING_POINTER("string"),
        /** {@code map[string]string}: an object of strings; null resets it to nil. */
        STRING_MAP("map[string]string");

        final String goType;

        Kind(String goType) {
            this.goType = goType;
        }
    }

    /** A field: Go name, JSON name (tag, or the Go name when untagged), kind, binding:"required". */
    public record Field(String goName, String jsonName, Kind kind, boolean required) {
    }

    public static GoStruct of(String qualifiedName, Field... fields) {
        return new GoStruct(qualifiedName, List.of(fields));
    }

    public static Field required(String goName, String jsonName) {
        return new Field(goName, jsonName, Kind.STRING, true);
    }

    public static Field optional(String goName, String jsonName, Kind kind) {
        return new Field(goName, jsonName, kind, false);
    }

    String simpleName() {
        return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    }
}
