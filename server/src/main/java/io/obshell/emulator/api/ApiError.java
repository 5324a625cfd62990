package io.obshell.emulator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The {@code error} object; {@code code} is the legacy number, left out when zero. */
@JsonPropertyOrder({"code", "errCode", "message"})
record ApiError(
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("code") Integer code,
        @JsonProperty("errCode") String errCode,
        @JsonProperty("message") String message) {

    static ApiError of(ApiException e, java.util.Optional<Language> language) {
        int legacy = e.code().legacyCode();
        return new ApiError(legacy == 0 ? null : legacy, e.errCode(), e.message(language));
    }
}
