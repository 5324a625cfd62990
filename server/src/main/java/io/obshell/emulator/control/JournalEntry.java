package io.obshell.emulator.control;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.databind.JsonNode;

/**
 * One {@code /api/v1} request as the emulator saw it. {@code authHeader} is which header was
 * sent (agent, ob, none); {@code header} its decrypted fields with {@code auth} masked and the
 * AES keys left out (null when it could not be decrypted); {@code body} the decrypted JSON with
 * every password field masked, or null, in which case {@code bodySummary} says what was sent
 * and why it is not shown. {@code errCode} and {@code message} are the error the client got,
 * null on success.
 */
@JsonPropertyOrder({"id", "time", "method", "uri", "path", "authHeader", "header", "body", "bodySummary", "status",
        "errCode", "message", "traceId", "durationMs"})
record JournalEntry(long id, String time, String method, String uri, String path, String authHeader,
        Map<String, String> header, JsonNode body, BodySummary bodySummary, int status, String errCode,
        String message, String traceId, long durationMs) {

    /** A body that is not stored: its size in bytes as sent, its Content-Type, and why. */
    record BodySummary(long size, String contentType, String note) {
    }

    JournalEntry withId(long newId) {
        return new JournalEntry(newId, time, method, uri, path, authHeader, header, body, bodySummary, status, errCode,
                message, traceId, durationMs);
    }
}
