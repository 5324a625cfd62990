package io.obshell.emulator.pkg;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.api.ErrorMessage;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.io.input.BoundedInputStream;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;

/**
 * obshell's obproxy package rules: the upload checks in their order (envelope-errors.md §2.4
 * P2–P6, §4 "Checks"), which the upgrade DAG's "Check obproxy pkg" stage runs again on the
 * downloaded file, and the install of the binary for "Reinstall obproxy bin".
 */
public final class ObproxyRpm {

    static {
        // XZ allocates its dictionary (8 MiB at the usual presets) for every stream: installing
        // a package on each upgrade would churn the heap. Reused buffers cost that once.
        ArrayCache.setDefaultCache(BasicArrayCache.getInstance());
    }

    /** The only package name obshell accepts for obproxy. */
    public static final String NAME = "obproxy-ce";
    /** What the check compares against (OBPROXY_MIN_VERSION_SUPPORT)... */
    static final String MIN_VERSION = "4.0.0";
    /** ...and what its message prints (SUPPORT_MIN_VERSION): an obshell bug kept on purpose. */
    static final String MIN_VERSION_SHOWN = "4.2.0.0";
    private static final String VERSION_CHECK_PREFIX = "failed to check version and release";

    private ObproxyRpm() {
    }

    private static final String BINARY_NAME = "obproxy";

    /** The binary every obproxy package must carry: {@code /home/admin/obproxy-<version>/bin/obproxy}. */
    public static String binaryPath(String version) {
        return "/home/admin/obproxy-" + version + "/bin/obproxy";
    }

    /**
     * Runs obshell's checks on an RPM file, first failure wins: signature MD5, header read
     * (500 {@code Common.Unexpected} with the library's raw text), name {@code obproxy-ce},
     * release with a dot, version at least 4.0.0, the obproxy binary in the file list. Errors
     * are handler errors ({@code "data": null}).
     *
     * @throws ApiException the first failed check, as obshell reports it
     */
    public static RpmInfo check(Path rpm) {
        RpmReader.Signature signature;
        try {
            signature = RpmReader.signature(rpm);
            signature.check(signature.digest(rpm));
        } catch (IOException e) {
            throw unexpected(e);
        }
        return checkHeaders(rpm, signature.header());
    }

    /**
     * {@link #check(Path)} with the MD5 (the one check that reads the whole file) taken on
     * {@code digester} while the rest is checked and the caller goes on: the result's
     * {@link Checked#awaitMd5()} answers it. When another check fails, this waits for the MD5
     * and throws its failure instead, as the checks' order wants.
     */
    static Checked check(Path rpm, Executor digester) {
        RpmReader.Signature signature;
        try {
            signature = RpmReader.signature(rpm);
        } catch (IOException e) {
            throw unexpected(e);
        }
        Md5 md5 = new Md5(signature, CompletableFuture.supplyAsync(() -> {
            try {
                return signature.digest(rpm);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, digester));
        try {
            return new Checked(checkHeaders(rpm, signature.header()), md5);
        } catch (RuntimeException e) {
            md5.await();
            throw e;
        }
    }

    /** The checked package, its MD5 check still running. */
    record Checked(RpmInfo rpm, Md5 md5) {

        /**
         * Waits for the MD5 check; throws its failure as {@link #check(Path)} would, every time
         * it is called.
         */
        void awaitMd5() {
            md5.await();
        }
    }

    /** An MD5 check taken on another thread. */
    static final class Md5 {

        private final RpmReader.Signature signature;
        private final CompletableFuture<RpmReader.Signature.Digest> digest;

        Md5(RpmReader.Signature signature, CompletableFuture<RpmReader.Signature.Digest> digest) {
            this.signature = signature;
            this.digest = digest;
        }

        void await() {
            try {
                signature.check(digest.join());
            } catch (CompletionException e) {
                if (e.getCause() instanceof UncheckedIOException io) {
                    throw unexpected(io.getCause());
                }
                throw e;
            } catch (IOException e) {
                throw unexpected(e);
            }
        }
    }

    /** The checks after the MD5's, in their order, given the signature header it read. */
    private static RpmInfo checkHeaders(Path rpm, RpmHeader signature) {
        RpmReader.Rpm parsed;
        try {
            parsed = RpmReader.read(rpm);
        } catch (IOException e) {
            throw unexpected(e);
        }
        RpmHeader header = parsed.header();
        String name = header.string(RpmReader.TAG_NAME);
        String version = header.string(RpmReader.TAG_VERSION);
        String release = header.string(RpmReader.TAG_RELEASE);
        if (!NAME.equals(name)) {
            throw ApiException.handler(ErrorCode.OBPROXY_PACKAGE_NAME_INVALID, name, NAME);
        }
        try {
            ObVersion.splitRelease(release);
        } catch (ApiException e) {
            throw versionCheckFailed(e.code(), e.errorMessage());
        }
        if (ObVersion.compare(version, MIN_VERSION) < 0) {
            throw versionCheckFailed(ErrorCode.OBPROXY_VERSION_NOT_SUPPORTED,
                    ErrorMessage.occur(ErrorCode.OBPROXY_VERSION_NOT_SUPPORTED, version, MIN_VERSION_SHOWN));
        }
        String expected = binaryPath(version);
        String[] files;
        try {
            files = RpmReader.fileNames(header);
        } catch (RpmFormatException e) {
            throw unexpected(e);
        }
        if (!Arrays.asList(files).contains(expected)) {
            // Go prints the []string of missing files with %s: "[a b]".
            throw ApiException.handler(ErrorCode.OBPROXY_PACKAGE_MISSING_FILE, "[" + expected + "]");
        }
        return new RpmInfo(name, version, release, header.string(RpmReader.TAG_ARCH),
                header.int64(RpmReader.TAG_SIZE), signature.int64(RpmReader.SIGTAG_SIZE),
                RpmReader.hex(signature.bytes(RpmReader.SIGTAG_MD5)),
                header.string(RpmReader.TAG_PAYLOADCOMPRESSOR), header.string(RpmReader.TAG_PAYLOADFORMAT));
    }

    /**
     * obshell's "Reinstall obproxy bin" on {@code rpm}: a payload that is not xz-compressed cpio
     * is refused before anything is touched (CheckCompressAndFormat), then every regular file of
     * the archive named {@code obproxy}, wherever it lies, is written to {@code binary}: the last
     * one stays. A payload without one leaves {@code binary} as it was.
     *
     * @throws RpmFormatException the RPM's headers are unreadable, with the Go library's text
     * @throws IOException        the payload is corrupt
     * @throws ApiException       {@code Package.Compression.NotSupported} or {@code Package.Format.Invalid}
     */
    public static void installBinary(Path rpm, Path binary) throws IOException {
        RpmReader.Rpm parsed = RpmReader.read(rpm);
        String compression = parsed.header().string(RpmReader.TAG_PAYLOADCOMPRESSOR);
        if (!compression.equals("xz")) {
            throw ApiException.handler(ErrorCode.PACKAGE_COMPRESSION_NOT_SUPPORTED, compression, "xz");
        }
        String format = parsed.header().string(RpmReader.TAG_PAYLOADFORMAT);
        if (!format.equals("cpio")) {
            throw ApiException.handler(ErrorCode.PACKAGE_FORMAT_INVALID, format, "cpio");
        }
        long declared = declaredPayloadBytes(parsed.header());
        try (InputStream file = Files.newInputStream(rpm)) {
            file.skipNBytes(parsed.payloadOffset());
            InputStream payload = BoundedInputStream.builder()
                    .setInputStream(new XZCompressorInputStream(new BufferedInputStream(file, 256 * 1024)))
                    .setMaxCount(declared)
                    .setOnMaxCount((max, count) -> {
                        throw new IOException("the payload is larger than the package declares ("
                                + parsed.header().int64(RpmReader.TAG_SIZE) + " bytes in its size tag)");
                    })
                    .get();
            try (CpioArchiveInputStream cpio = new CpioArchiveInputStream(payload)) {
                CpioArchiveEntry entry;
                while ((entry = cpio.getNextEntry()) != null) {
                    if (entry.isRegularFile() && baseName(entry.getName()).equals(BINARY_NAME)) {
                        Files.copy(cpio, binary, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /**
     * The most a payload may expand to: the header's size tag (the files' bytes) plus what the
     * cpio archive adds per file (a 110-byte header, the name, padding) and its trailer. A
     * payload that decompresses past it is refused there, before it fills a disk (an xz bomb
     * whose tag says 1000 bytes stops after about 1000).
     */
    static long declaredPayloadBytes(RpmHeader header) throws RpmFormatException {
        long bytes = Math.max(0, header.int64(RpmReader.TAG_SIZE)) + CPIO_ENTRY_OVERHEAD + "TRAILER!!!".length();
        for (String name : RpmReader.fileNames(header)) {
            bytes += CPIO_ENTRY_OVERHEAD + name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 2;
        }
        return bytes;
    }

    /** A newc cpio header, the name's NUL and both paddings (to 4 bytes each). */
    private static final int CPIO_ENTRY_OVERHEAD = 110 + 1 + 3 + 3;

    /** Go's path.Base of a cpio entry name. */
    private static String baseName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static ApiException unexpected(IOException e) {
        if (e instanceof RpmFormatException format && format.goPanic()) {
            return ApiException.panic();
        }
        return ApiException.raw(String.valueOf(e.getMessage()), ApiException.Stage.HANDLER);
    }

    /** errors.Wrap(err, "failed to check version and release"): the inner code, its message after ours. */
    private static ApiException versionCheckFailed(ErrorCode code, ErrorMessage inner) {
        return ApiException.of(code, ErrorMessage.wrap(ErrorMessage.text(VERSION_CHECK_PREFIX), inner),
                ApiException.Stage.HANDLER);
    }
}
