package io.obshell.emulator.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Go's FormFile("file") over a decrypted body: P1 of envelope-errors.md §2.4. */
class FormFileTest {

    private static final String TYPE = "multipart/form-data; boundary=b0undary";

    @TempDir
    Path dir;

    @Test
    void theFilePartIsSpooledByteForByte() throws IOException {
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        byte[] body = join("--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.rpm\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n", content, "\r\n--b0undary--\r\n");

        try (FormFile file = read(TYPE, body)) {
            assertThat(Files.readAllBytes(file.path())).isEqualTo(content);
        }
    }

    @Test
    void thePreambleOtherPartsAndLaterFileFieldsAreSkipped() throws IOException {
        String body = "preamble line\r\n--b0undary\r\n"
                + "Content-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--b0undary\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"first.rpm\"\r\n\r\nfirst\r\n--b0undary\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"second.rpm\"\r\n\r\nsecond\r\n"
                + "--b0undary--\r\nepilogue";

        try (FormFile file = read(TYPE, body.getBytes(StandardCharsets.UTF_8))) {
            assertThat(Files.readString(file.path())).isEqualTo("first");
        }
    }

    @Test
    void theSpoolFileIsDeletedOnClose() throws IOException {
        FormFile file = read(TYPE, ("--b0undary\r\nContent-Disposition: form-data; name=file; filename=x\r\n\r\n"
                + "x\r\n--b0undary--\r\n").getBytes(StandardCharsets.UTF_8));
        Path path = file.path();
        file.close();
        assertThat(path).doesNotExist();
    }

    @Test
    void aQuotedBoundaryAndAnUpperCaseMediaTypeAreAccepted() throws IOException {
        String body = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nok\r\n--b0undary--";
        try (FormFile file = read("Multipart/Form-Data; BOUNDARY=\"b0undary\"", body.getBytes(StandardCharsets.UTF_8))) {
            assertThat(Files.readString(file.path())).isEqualTo("ok");
        }
    }

    @Test
    void noOrAnotherContentTypeIsNotMultipart() {
        assertMissing(null, "{}", "request Content-Type isn't multipart/form-data");
        assertMissing("", "{}", "request Content-Type isn't multipart/form-data");
        assertMissing("application/json", "{}", "request Content-Type isn't multipart/form-data");
        assertMissing("multipart/mixed; boundary=b0undary", "{}", "request Content-Type isn't multipart/form-data");
    }

    @Test
    void aMultipartTypeWithoutBoundaryIsNamed() {
        assertMissing("multipart/form-data", "{}", "no multipart boundary param in Content-Type");
    }

    @Test
    void aBodyWithoutAnyBoundaryEndsInNextPartEof() {
        assertMissing(TYPE, "{}", "multipart: NextPart: EOF");
    }

    @Test
    void aFormWithOnlyTheClosingBoundaryHasNoSuchFile() {
        assertMissing(TYPE, "--b0undary--\r\n", "http: no such file");
        assertMissing(TYPE, "--b0undary--", "http: no such file");
    }

    @Test
    void aFormWithoutAFileFieldHasNoSuchFile() {
        assertMissing(TYPE, "--b0undary\r\nContent-Disposition: form-data; name=\"other\"; filename=\"a\"\r\n\r\nx\r\n"
                + "--b0undary--\r\n", "http: no such file");
    }

    @Test
    void aFileFieldWithoutFilenameIsAValueNotAFile() {
        assertMissing(TYPE, "--b0undary\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--b0undary--\r\n",
                "http: no such file");
    }

    @Test
    void aPartThatIsNotFormDataHasNoFormName() {
        assertMissing(TYPE, "--b0undary\r\nContent-Disposition: attachment; name=\"file\"; filename=\"a\"\r\n\r\nx\r\n"
                + "--b0undary--\r\n", "http: no such file");
    }

    @Test
    void aPartCutBeforeItsBoundaryIsAnUnexpectedEof() {
        assertMissing(TYPE, "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n"
                + "half a package", "unexpected EOF");
    }

    @Test
    void failuresAreMiddlewareErrorsWithoutData() {
        assertThatThrownBy(() -> read(TYPE, new byte[0])).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_FILE_MISSING);
            assertThat(e.code().status()).isEqualTo(500);
            assertThat(e.code().errCode()).isEqualTo("Request.File.Missing");
            assertThat(e.stage()).isEqualTo(ApiException.Stage.MIDDLEWARE);
        });
    }

    @Test
    void noSpoolFileIsLeftBehindByAFailure() throws IOException {
        assertMissing(TYPE, "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n"
                + "cut", "unexpected EOF");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    private FormFile read(String contentType, byte[] body) throws IOException {
        return FormFile.read(contentType, new ByteArrayInputStream(body), "file", dir);
    }

    private void assertMissing(String contentType, String body, String reason) {
        assertThatThrownBy(() -> read(contentType, body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiException.class)
                .hasMessage("File 'file' in the request is missing: " + reason);
    }

    private static byte[] join(String head, byte[] content, String tail) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + content.length + t.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(content, 0, all, h.length, content.length);
        System.arraycopy(t, 0, all, h.length + content.length, t.length);
        return all;
    }
}
