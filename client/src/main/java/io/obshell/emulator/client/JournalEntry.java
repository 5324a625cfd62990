package io.obshell.emulator.client;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * One {@code /api/v1} request as the emulator saw it, after decryption. {@code authHeader} is
 * which header was sent ({@code agent}, {@code ob}, {@code none}); {@code header} its fields with
 * {@code auth} masked; {@code body} the JSON body with passwords masked, or null (then
 * {@code bodySummary} says what was sent); {@code errCode} and {@code message} are the error the
 * client got, null on success.
 */
public record JournalEntry(long id, String time, String method, String uri, String path, String authHeader,
        Map<String, String> header, JsonNode body, BodySummary bodySummary, int status, String errCode,
        String message, String traceId, long durationMs) {

    /** A body the journal does not keep: its size in bytes, its Content-Type, and why. */
    public record BodySummary(long size, String contentType, String note) {
    }
}
