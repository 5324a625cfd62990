package io.obshell.emulator.pkg;

/**
 * What obshell reads from an obproxy RPM that passed the upload checks.
 *
 * @param name               header tag 1000
 * @param version            header tag 1001
 * @param releaseDistribution header tag 1002, e.g. {@code 5.el7}
 * @param architecture       header tag 1022
 * @param size               header tag 1009, the installed size
 * @param payloadSize        signature tag 1000, header + payload bytes
 * @param md5                lowercase hex of signature tag 1004
 * @param payloadCompression header tag 1125 ({@code xz} for obproxy packages)
 * @param payloadFormat      header tag 1124 ({@code cpio})
 */
public record RpmInfo(String name, String version, String releaseDistribution, String architecture, long size,
        long payloadSize, String md5, String payloadCompression, String payloadFormat) {
}
