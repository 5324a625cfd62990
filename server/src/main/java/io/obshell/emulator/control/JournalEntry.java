package io.obshell.emulator.control;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One {@code /api/v1} request as the emulator saw it. {@code authHeader} is which header was
 * sent (agent, ob, none); {@code header} its decrypted fields with {@code auth} masked and the
 * AES keys left out (null when it could not be decrypted); {@code body} the decrypted JSON with
 * every password field masked, kept as text (written into the answer as JSON), or null, in which
 * case {@code bodySummary} says what was sent and why it is not shown. {@code errCode} and
 * {@code message} are the error the client got, null on success.
 */
@JsonPropertyOrder({"id", "time", "method", "uri", "path", "authHeader", "header", "body", "bodySummary", "status",
        "errCode", "message", "traceId", "durationMs"})
record JournalEntry(long id, String time, String method, String uri, String path, String authHeader,
        Map<String, String> header, @JsonRawValue String body, BodySummary bodySummary, int status, String errCode,
        String message, String traceId, long durationMs) {

    /** What the fields of an entry cost beyond their text: object headers, the map, the id. */
    private static final int OVERHEAD = 256;

    /** A body that is not stored: its size in bytes as sent, its Content-Type, and why. */
    record BodySummary(long size, String contentType, String note) {
    }

    JournalEntry withId(long newId) {
        return new JournalEntry(newId, time, method, uri, path, authHeader, header, body, bodySummary, status, errCode,
                message, traceId, durationMs);
    }

    /** About how many bytes of heap this entry holds (two per char, as a worst case). */
    long weight() {
        long chars = length(time) + length(method) + length(uri) + length(path) + length(authHeader) + length(body)
                + length(errCode) + length(message) + length(traceId);
        if (header != null) {
            for (Map.Entry<String, String> field : header.entrySet()) {
                chars += length(field.getKey()) + length(field.getValue());
            }
        }
        if (bodySummary != null) {
            chars += length(bodySummary.contentType()) + length(bodySummary.note());
        }
        return OVERHEAD + 2 * chars;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
