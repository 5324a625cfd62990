package io.obshell.emulator.pkg;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The upload reply: obshell returns its sqlite model, which has no json tags, so the keys are
 * the Go field names in field order (envelope-errors.md §4 "Response").
 */
@JsonPropertyOrder({"PkgId", "Name", "Version", "ReleaseDistribution", "Distribution", "Release", "Architecture",
        "Size", "PayloadSize", "ChunkCount", "Md5", "GmtModify"})
record UpgradePkgInfo(
        @JsonProperty("PkgId") long pkgId,
        @JsonProperty("Name") String name,
        @JsonProperty("Version") String version,
        @JsonProperty("ReleaseDistribution") String releaseDistribution,
        @JsonProperty("Distribution") String distribution,
        @JsonProperty("Release") String release,
        @JsonProperty("Architecture") String architecture,
        @JsonProperty("Size") long size,
        @JsonProperty("PayloadSize") long payloadSize,
        @JsonProperty("ChunkCount") int chunkCount,
        @JsonProperty("Md5") String md5,
        @JsonProperty("GmtModify") String gmtModify) {

    static UpgradePkgInfo of(StoredPackage stored) {
        return new UpgradePkgInfo(stored.pkgId(), stored.name(), stored.version(), stored.releaseDistribution(),
                stored.distribution(), stored.release(), stored.architecture(), stored.size(), stored.payloadSize(),
                stored.chunkCount(), stored.md5(),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(stored.gmtModify().atOffset(ZoneOffset.UTC)));
    }
}
