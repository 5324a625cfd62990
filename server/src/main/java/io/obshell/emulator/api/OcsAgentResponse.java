package io.obshell.emulator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.databind.node.NullNode;

/**
 * obshell's response envelope, in Go's field order. A Java null {@code data} is left out; a
 * {@link NullNode} is written as {@code "data":null}, which is how obshell's typed-nil quirk
 * shows on handler errors (envelope-errors.md §2.1).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"successful", "timestamp", "duration", "status", "traceId", "data", "error"})
record OcsAgentResponse(
        @JsonProperty("successful") boolean successful,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("duration") long duration,
        @JsonProperty("status") int status,
        @JsonProperty("traceId") String traceId,
        @JsonProperty("data") Object data,
        @JsonProperty("error") ApiError error) {

    static final Object TYPED_NIL = NullNode.getInstance();
}
