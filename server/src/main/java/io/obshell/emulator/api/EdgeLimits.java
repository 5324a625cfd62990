package io.obshell.emulator.api;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the emulator reads from a client before it spends memory, disk or CPU on it
 * ({@code obshell.emulator.limits.*}). obshell itself reads bodies and headers whole; these
 * bounds are far above anything its SDKs send, and keep one hostile client from taking the
 * emulator down for everyone.
 *
 * @param controlBody a {@code /__emulator} body (small JSON documents)
 * @param apiBody an {@code /api/v1} body, as sent (base64 ciphertext), except uploads
 * @param uploadBody an upload's body, as sent (the package route, or any multipart body under
 *        {@code /api/v1}, as every obshell upload is); it is streamed to disk, never held in memory
 * @param authHeader an {@code X-OCS-Agent-Header} / {@code X-OCS-Header} value, checked before any RSA work
 * @param concurrentUploads how many package uploads are read at once; more wait for a free slot
 */
@ConfigurationProperties("obshell.emulator.limits")
public record EdgeLimits(
        @DefaultValue("64KB") DataSize controlBody,
        @DefaultValue("256KB") DataSize apiBody,
        @DefaultValue("256MB") DataSize uploadBody,
        @DefaultValue("16KB") DataSize authHeader,
        @DefaultValue("2") int concurrentUploads,
        @DefaultValue("30s") Duration uploadSlotWait) {

    /** The route that receives packages: its body is streamed, everything else is small. */
    public static final String UPLOAD_PATH = "/api/v1/obproxy/package";

    /**
     * The family of a request, from its (decoded, normalised) path and Content-Type, which
     * decides its body limit: uploads are streamed, everything else is small.
     */
    public enum Family {
        CONTROL, API, UPLOAD, OTHER;

        public static Family of(String path) {
            return of(path, null);
        }

        public static Family of(String path, String contentType) {
            if (path == null) {
                return OTHER;
            }
            if (path.equals(UPLOAD_PATH)) {
                return UPLOAD;
            }
            if (path.startsWith("/api/v1/") || path.equals("/api/v1")) {
                boolean multipart = contentType != null && contentType.regionMatches(true, 0, "multipart/", 0, 10);
                return multipart ? UPLOAD : API;
            }
            if (path.equals(ApiWebConfiguration.CONTROL_PATH) || path.startsWith(ApiWebConfiguration.CONTROL_PATH + "/")) {
                return CONTROL;
            }
            return OTHER;
        }
    }

    /** The most body bytes a request of this family may send. */
    public long bodyLimit(Family family) {
        return switch (family) {
            case UPLOAD -> uploadBody.toBytes();
            case API -> apiBody.toBytes();
            case CONTROL, OTHER -> controlBody.toBytes();
        };
    }
}
