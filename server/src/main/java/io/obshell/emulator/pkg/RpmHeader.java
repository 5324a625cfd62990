package io.obshell.emulator.pkg;

import java.util.Map;

/**
 * A decoded RPM header (signature or main), with the accessors of the Go library obshell uses:
 * a tag of the wrong type or a missing tag reads as the zero value, never as an error.
 */
record RpmHeader(Map<Integer, Tag> tags) {

    static final int TYPE_NULL = 0;
    static final int TYPE_CHAR = 1;
    static final int TYPE_INT8 = 2;
    static final int TYPE_INT16 = 3;
    static final int TYPE_INT32 = 4;
    static final int TYPE_INT64 = 5;
    static final int TYPE_STRING = 6;
    static final int TYPE_BINARY = 7;
    static final int TYPE_STRING_ARRAY = 8;
    static final int TYPE_I18N_STRING = 9;

    /** One entry: {@code value} is byte[], long[], String[] or null (NULL type). */
    record Tag(int id, long type, Object value) {
    }

    String string(int id) {
        String[] values = strings(id);
        return values == null || values.length == 0 ? "" : values[0];
    }

    String[] strings(int id) {
        Tag tag = tags.get(id);
        return tag != null && tag.value() instanceof String[] values ? values : null;
    }

    long int64(int id) {
        long[] values = int64s(id);
        return values == null || values.length == 0 ? 0 : values[0];
    }

    long[] int64s(int id) {
        Tag tag = tags.get(id);
        return tag != null && tag.value() instanceof long[] values ? values : null;
    }

    byte[] bytes(int id) {
        Tag tag = tags.get(id);
        return tag != null && tag.value() instanceof byte[] values ? values : null;
    }
}
