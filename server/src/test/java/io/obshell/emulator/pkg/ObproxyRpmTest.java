package io.obshell.emulator.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Executor;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.packager.rpm.coding.PayloadCoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload checks of envelope-errors.md §2.4 (P2–P6) and §4 "Checks", in obshell's order. */
class ObproxyRpmTest {

    private static final String VERSION = "4.3.3.0";
    /** Another thread, as the upload route digests on. */
    private static final Executor DIGESTER = task -> new Thread(task, "test-md5").start();

    @TempDir
    Path dir;

    @Test
    void aValidPackageYieldsItsHeaderAndSignatureFacts() throws Exception {
        Path rpm = TestRpms.obproxy(VERSION).release("5.el7").architecture("aarch64").build(dir);

        RpmInfo info = ObproxyRpm.check(rpm);

        byte[] file = Files.readAllBytes(rpm);
        int headerStart = signatureEnd(file);
        assertThat(info.name()).isEqualTo("obproxy-ce");
        assertThat(info.version()).isEqualTo(VERSION);
        assertThat(info.releaseDistribution()).isEqualTo("5.el7");
        assertThat(info.architecture()).isEqualTo("aarch64");
        assertThat(info.size()).isEqualTo(TestRpms.defaultBinary(VERSION).length);
        assertThat(info.payloadSize()).isEqualTo(file.length - headerStart);
        assertThat(info.md5()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("MD5").digest(Arrays.copyOfRange(file, headerStart, file.length))));
        assertThat(info.payloadCompression()).isEqualTo("xz");
        assertThat(info.payloadFormat()).isEqualTo("cpio");
    }

    @Test
    void theMinimumVersionItselfIsAccepted() {
        assertThat(ObproxyRpm.check(TestRpms.obproxy("4.0.0").build(dir)).version()).isEqualTo("4.0.0");
    }

    @Test
    void aForeignNameIsRefused() {
        Path rpm = TestRpms.obproxy(VERSION).name("obproxy").build(dir);
        assertHandlerError(() -> ObproxyRpm.check(rpm), ErrorCode.OBPROXY_PACKAGE_NAME_INVALID, 400,
                "OBProxy.Package.Name.Invalid", "Unsupported name 'obproxy', the supported name is 'obproxy-ce'");
    }

    @Test
    void aReleaseWithoutADotIsRefusedWithTheVersionCheckPrefix() {
        Path rpm = TestRpms.obproxy(VERSION).release("5").build(dir);
        assertHandlerError(() -> ObproxyRpm.check(rpm), ErrorCode.PACKAGE_RELEASE_FORMAT_INVALID, 400,
                "Package.ReleaseFormat.Invalid", "failed to check version and release: Release format 5 is illegal");
    }

    @Test
    void aVersionBelow400IsRefusedWithObshellsMisprintedMinimum() {
        Path rpm = TestRpms.obproxy("3.9.0").build(dir);
        assertHandlerError(() -> ObproxyRpm.check(rpm), ErrorCode.OBPROXY_VERSION_NOT_SUPPORTED, 400,
                "OBProxy.Version.NotSupported", "failed to check version and release: "
                        + "OBProxy version 3.9.0 is lower than the minimum supported version 4.2.0.0");
    }

    @Test
    void aPackageWithoutTheBinaryIsRefused() {
        Path rpm = TestRpms.obproxy(VERSION).withoutBinary().file("/home/admin/obproxy-4.3.3.0/etc/readme", new byte[] {1})
                .build(dir);
        assertHandlerError(() -> ObproxyRpm.check(rpm), ErrorCode.OBPROXY_PACKAGE_MISSING_FILE, 400,
                "OBProxy.Package.NotFound", "These files are missing: '[/home/admin/obproxy-4.3.3.0/bin/obproxy]'");
    }

    @Test
    void theBinaryMustSitUnderTheDirectoryOfThePackagesOwnVersion() {
        Path rpm = TestRpms.obproxy(VERSION).withoutBinary()
                .file("/home/admin/obproxy-4.3.2.0/bin/obproxy", new byte[] {1}).build(dir);
        assertHandlerError(() -> ObproxyRpm.check(rpm), ErrorCode.OBPROXY_PACKAGE_MISSING_FILE, 400,
                "OBProxy.Package.NotFound", "These files are missing: '[/home/admin/obproxy-4.3.3.0/bin/obproxy]'");
    }

    @Test
    void aFlippedPayloadByteFailsTheMd5Check() {
        Path rpm = TestRpms.flipLastByte(TestRpms.obproxy(VERSION).build(dir));
        assertUnexpected(() -> ObproxyRpm.check(rpm), "MD5 checksum validation failed");
    }

    @Test
    void aFileCutInsideTheLeadIsAnUnexpectedEof() {
        Path rpm = TestRpms.truncated(TestRpms.obproxy(VERSION).build(dir), 50);
        assertUnexpected(() -> ObproxyRpm.check(rpm), "unexpected EOF");
    }

    @Test
    void aFileCutInsideTheSignatureStoreIsAnUnexpectedEof() throws IOException {
        Path full = TestRpms.obproxy(VERSION).build(dir);
        int indexCount = ByteBuffer.wrap(Files.readAllBytes(full)).getInt(96 + 8);
        Path rpm = TestRpms.truncated(full, 96 + 16 + 16 * indexCount + 4);
        assertUnexpected(() -> ObproxyRpm.check(rpm), "unexpected EOF");
    }

    @Test
    void aFileCutInsideTheSignatureIndexIsAPlainEof() {
        // The library reads index entries with Read, not ReadFull: a short entry is zero-filled
        // and only the next read, which finds nothing, fails.
        Path rpm = TestRpms.truncated(TestRpms.obproxy(VERSION).build(dir), 96 + 16 + 16 + 4);
        assertUnexpected(() -> ObproxyRpm.check(rpm), "EOF");
    }

    @Test
    void aFileCutInsideThePayloadFailsTheMd5Check() throws IOException {
        Path full = TestRpms.obproxy(VERSION).build(dir);
        Path rpm = TestRpms.truncated(full, (int) Files.size(full) - 10);
        assertUnexpected(() -> ObproxyRpm.check(rpm), "MD5 checksum validation failed");
    }

    @Test
    void anEmptyFileIsEof() throws IOException {
        Path rpm = Files.write(dir.resolve("empty.rpm"), new byte[0]);
        assertUnexpected(() -> ObproxyRpm.check(rpm), "EOF");
    }

    @Test
    void aFileThatIsNotAnRpmHasAnInvalidFileDescriptor() {
        Path rpm = TestRpms.notAnRpm(dir);
        assertUnexpected(() -> ObproxyRpm.check(rpm), "rpm: invalid file descriptor");
    }

    @Test
    void anUnsupportedLeadVersionIsNamed() throws IOException {
        Path rpm = patch(TestRpms.obproxy(VERSION).build(dir), 4, (byte) 2);
        assertUnexpected(() -> ObproxyRpm.check(rpm), "rpm: unsupported rpm version: 2");
    }

    @Test
    void aSignatureTypeOtherThanHeaderSigIsPrintedInHex() throws IOException {
        Path rpm = patch(TestRpms.obproxy(VERSION).build(dir), 79, (byte) 0x1c);
        assertUnexpected(() -> ObproxyRpm.check(rpm), "rpm: unknown signature type: 1c");
    }

    @Test
    void aSignatureWithoutTheSizeTagIsRefused() throws IOException {
        Path rpm = renameSignatureTag(TestRpms.obproxy(VERSION).build(dir), 1000, 999);
        assertUnexpected(() -> ObproxyRpm.check(rpm), "rpm: tag not found: RPMSIGTAG_SIZE");
    }

    @Test
    void aSignatureWithoutTheMd5TagIsRefused() throws IOException {
        Path rpm = renameSignatureTag(TestRpms.obproxy(VERSION).build(dir), 1004, 999);
        assertUnexpected(() -> ObproxyRpm.check(rpm), "rpm: tag not found: RPMSIGTAG_MD5");
    }

    @Test
    void aMainHeaderValueOfUnknownTypeIsNamedAsTheLibraryFormatsIt() throws Exception {
        Path rpm = editMainHeaderEntry(TestRpms.obproxy(VERSION).build(dir), 1000, 1, 20);
        assertUnexpected(() -> ObproxyRpm.check(rpm), "rpm: unknown index data type: 554E4B4E4F574E");
    }

    @Test
    void aMainHeaderOffsetOutsideTheStoreIsPrintedWithGosVerbError() throws Exception {
        Path rpm = editMainHeaderEntry(TestRpms.obproxy(VERSION).build(dir), 1000, 2, 0x7fffffff);
        assertThatThrownBy(() -> ObproxyRpm.check(rpm)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.COMMON_UNEXPECTED);
            assertThat(e.getMessage()).matches("rpm: offset of index \\d+ is out of range: %!s\\(int=2147483647\\)");
        });
    }

    @Test
    void aFileListTheLibraryWouldIndexPastIsAGoPanic() throws Exception {
        // Without per-file digests, Package.Files() indexes an empty slice and panics; obshell's
        // Recovery answers with its fixed 500.
        Path rpm = editMainHeaderEntry(TestRpms.obproxy(VERSION).build(dir), 1035, 0, 999_999);
        assertThatThrownBy(() -> ObproxyRpm.check(rpm)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.stage()).isEqualTo(ApiException.Stage.PANIC);
            assertThat(e.getMessage()).isEqualTo("Unexpected error: Internal Server Error");
        });
    }

    @Test
    void theMd5CheckComesBeforeEveryHeaderCheck() {
        Path rpm = TestRpms.flipLastByte(TestRpms.obproxy("3.9.0").name("obproxy").release("1").withoutBinary()
                .file("/x", new byte[] {1}).build(dir));
        assertUnexpected(() -> ObproxyRpm.check(rpm), "MD5 checksum validation failed");
    }

    @Test
    void theMd5CheckTakenOnAnotherThreadStillComesBeforeEveryHeaderCheck() {
        Path rpm = TestRpms.flipLastByte(TestRpms.obproxy("3.9.0").name("obproxy").release("1").withoutBinary()
                .file("/x", new byte[] {1}).build(dir));
        assertUnexpected(() -> ObproxyRpm.check(rpm, DIGESTER), "MD5 checksum validation failed");
    }

    @Test
    void aPackageWhoseOnlyFaultIsItsMd5PassesTheOtherChecksAndFailsWhenAwaited() {
        Path rpm = TestRpms.flipLastByte(TestRpms.obproxy(VERSION).release("5.el7").build(dir));

        ObproxyRpm.Checked checked = ObproxyRpm.check(rpm, DIGESTER);

        assertThat(checked.rpm().name()).isEqualTo("obproxy-ce");
        assertThat(checked.rpm().releaseDistribution()).isEqualTo("5.el7");
        assertUnexpected(checked::awaitMd5, "MD5 checksum validation failed");
        // Asked again (a storage failure awaits it too), it answers the same.
        assertUnexpected(checked::awaitMd5, "MD5 checksum validation failed");
    }

    @Test
    void aValidPackageCheckedWhileDigestingYieldsWhatTheWholeCheckDoes() {
        Path rpm = TestRpms.obproxy(VERSION).release("5.el7").architecture("aarch64").build(dir);

        ObproxyRpm.Checked checked = ObproxyRpm.check(rpm, DIGESTER);
        checked.awaitMd5();

        assertThat(checked.rpm()).isEqualTo(ObproxyRpm.check(rpm));
    }

    @Test
    void aHeaderFailureIsAnsweredWhenTheMd5Passes() {
        Path rpm = TestRpms.obproxy(VERSION).name("obproxy").build(dir);
        assertHandlerError(() -> ObproxyRpm.check(rpm, DIGESTER), ErrorCode.OBPROXY_PACKAGE_NAME_INVALID, 400,
                "OBProxy.Package.Name.Invalid", "Unsupported name 'obproxy', the supported name is 'obproxy-ce'");
    }

    @Test
    void theNameIsCheckedBeforeTheRelease() {
        Path rpm = TestRpms.obproxy("3.9.0").name("obproxy").release("1").build(dir);
        assertThatThrownBy(() -> ObproxyRpm.check(rpm)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OBPROXY_PACKAGE_NAME_INVALID));
    }

    @Test
    void theReleaseIsCheckedBeforeTheVersion() {
        Path rpm = TestRpms.obproxy("3.9.0").release("1").withoutBinary().file("/x", new byte[] {1}).build(dir);
        assertThatThrownBy(() -> ObproxyRpm.check(rpm)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PACKAGE_RELEASE_FORMAT_INVALID));
    }

    @Test
    void theVersionIsCheckedBeforeTheFileList() {
        Path rpm = TestRpms.obproxy("3.9.0").withoutBinary().file("/x", new byte[] {1}).build(dir);
        assertThatThrownBy(() -> ObproxyRpm.check(rpm)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OBPROXY_VERSION_NOT_SUPPORTED));
    }

    @Test
    void architectureAndCompressionAreNotCheckedAtUpload() {
        Path rpm = TestRpms.obproxy(VERSION).architecture("riscv64").payloadCoding(PayloadCoding.GZIP).build(dir);
        RpmInfo info = ObproxyRpm.check(rpm);
        assertThat(info.architecture()).isEqualTo("riscv64");
        assertThat(info.payloadCompression()).isEqualTo("gzip");
    }

    // dag-engine.md §5.2 task 5: the payload's regular file named obproxy replaces the binary.
    @Test
    void installBinaryReplacesTheTargetWithThePayloadsObproxy() throws IOException {
        byte[] binary = "the new obproxy".getBytes();
        Path rpm = TestRpms.obproxy(VERSION).binary(binary).file("/home/admin/obproxy-4.3.3.0/etc/other", new byte[] {7})
                .build(dir);
        Path target = dir.resolve("obproxy");
        Files.writeString(target, "the old obproxy, longer than the new one");

        ObproxyRpm.installBinary(rpm, target);

        assertThat(Files.readAllBytes(target)).isEqualTo(binary);
    }

    @Test
    void installBinaryLeavesTheTargetAloneWhenNoPayloadFileIsNamedObproxy() throws IOException {
        Path rpm = TestRpms.obproxy(VERSION).withoutBinary().file("/home/admin/obproxy-4.3.3.0/bin/obproxyd",
                new byte[] {1}).build(dir);
        Path target = dir.resolve("obproxy");
        Files.writeString(target, "the old obproxy");

        ObproxyRpm.installBinary(rpm, target);

        assertThat(target).hasContent("the old obproxy");
    }

    // envelope-errors.md §4: CheckCompressAndFormat runs at install, not at upload.
    @Test
    void installBinaryRefusesAPayloadThatIsNotXzBeforeTouchingTheTarget() throws IOException {
        Path rpm = TestRpms.obproxy(VERSION).payloadCoding(PayloadCoding.GZIP).build(dir);
        Path target = dir.resolve("obproxy");
        Files.writeString(target, "the old obproxy");

        assertThatThrownBy(() -> ObproxyRpm.installBinary(rpm, target)).isInstanceOfSatisfying(ApiException.class,
                e -> {
                    assertThat(e.errCode()).isEqualTo("Package.Compression.NotSupported");
                    assertThat(e.getMessage())
                            .isEqualTo("Unsupported compression 'gzip', the supported compression is 'xz'");
                });
        assertThat(target).hasContent("the old obproxy");
    }

    @Test
    void installBinaryFromANonRpmNamesTheGoError() {
        Path rpm = TestRpms.notAnRpm(dir);
        assertThatThrownBy(() -> ObproxyRpm.installBinary(rpm, dir.resolve("x")))
                .isInstanceOf(RpmFormatException.class).hasMessage("rpm: invalid file descriptor");
    }

    private static void assertHandlerError(ThrowingCallable call, ErrorCode code, int status, String errCode,
            String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.code().status()).isEqualTo(status);
            assertThat(e.code().errCode()).isEqualTo(errCode);
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.stage()).isEqualTo(ApiException.Stage.HANDLER);
        });
    }

    private static void assertUnexpected(ThrowingCallable call, String raw) {
        assertHandlerError(call, ErrorCode.COMMON_UNEXPECTED, 500, "Common.Unexpected", raw);
    }

    /** Where the main header starts: lead, signature intro, index, store, padding to 8. */
    private static int signatureEnd(byte[] file) {
        ByteBuffer buffer = ByteBuffer.wrap(file);
        int indexCount = buffer.getInt(96 + 8);
        int storeSize = buffer.getInt(96 + 12);
        int end = 96 + 16 + 16 * indexCount + storeSize;
        return end + (8 - storeSize % 8) % 8;
    }

    private static Path patch(Path rpm, int offset, byte value) throws IOException {
        byte[] bytes = Files.readAllBytes(rpm);
        bytes[offset] = value;
        return Files.write(rpm, bytes);
    }

    /**
     * Overwrites one field (0 tag, 1 type, 2 offset, 3 count) of the main header's index entry
     * for {@code tag}, then re-signs the MD5 so that only the header parse can object.
     */
    private static Path editMainHeaderEntry(Path rpm, int tag, int field, int value) throws Exception {
        byte[] bytes = Files.readAllBytes(rpm);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int headerStart = signatureEnd(bytes);
        int indexCount = buffer.getInt(headerStart + 8);
        boolean edited = false;
        for (int i = 0; i < indexCount && !edited; i++) {
            int at = headerStart + 16 + 16 * i;
            if (buffer.getInt(at) == tag) {
                buffer.putInt(at + 4 * field, value);
                edited = true;
            }
        }
        if (!edited) {
            throw new IllegalStateException("no header tag " + tag);
        }
        byte[] md5 = MessageDigest.getInstance("MD5").digest(Arrays.copyOfRange(bytes, headerStart, bytes.length));
        int sigCount = buffer.getInt(96 + 8);
        int storeStart = 96 + 16 + 16 * sigCount;
        for (int i = 0; i < sigCount; i++) {
            int at = 96 + 16 + 16 * i;
            if (buffer.getInt(at) == 1004) {
                System.arraycopy(md5, 0, bytes, storeStart + buffer.getInt(at + 8), md5.length);
            }
        }
        return Files.write(rpm, bytes);
    }

    /** Changes a signature index entry's tag number, so the tag reads as absent. */
    private static Path renameSignatureTag(Path rpm, int tag, int newTag) throws IOException {
        byte[] bytes = Files.readAllBytes(rpm);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int indexCount = buffer.getInt(96 + 8);
        for (int i = 0; i < indexCount; i++) {
            int at = 96 + 16 + 16 * i;
            if (buffer.getInt(at) == tag) {
                buffer.putInt(at, newTag);
                return Files.write(rpm, bytes);
            }
        }
        throw new IllegalStateException("no signature tag " + tag);
    }
}
