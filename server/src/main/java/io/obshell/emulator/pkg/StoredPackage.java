package io.obshell.emulator.pkg;

import java.time.Instant;

/**
 * One row of {@code upgrade_pkg_info}: an uploaded obproxy package (envelope-errors.md §4
 * "Stored row").
 *
 * @param pkgId               autoincrement, newest is highest
 * @param releaseDistribution the full RPM release, e.g. {@code 5.el7}
 * @param distribution        the second dot-part of the release ({@code el7})
 * @param release             the first dot-part of the release, the build number ({@code 5})
 * @param size                header tag 1009, installed size
 * @param payloadSize         signature tag 1000, header + payload bytes
 * @param chunkCount          ceil(payloadSize / {@link PackageStore#CHUNK_SIZE}), as obshell computes it
 * @param md5                 lowercase hex of signature tag 1004
 * @param gmtModify           insert time, whole seconds
 */
public record StoredPackage(long pkgId, String name, String version, String releaseDistribution,
        String distribution, String release, String architecture, long size, long payloadSize, int chunkCount,
        String md5, Instant gmtModify) {
}
