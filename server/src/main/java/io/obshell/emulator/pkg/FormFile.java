package io.obshell.emulator.pkg;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import org.apache.commons.fileupload2.core.ParameterParser;

/**
 * Go's {@code Request.FormFile(field)} over a plaintext body, streaming: the first file part
 * with that form name is spooled to a temporary file, every other part is discarded. Failures
 * are obshell's P1 (envelope-errors.md §2.4): 500 {@code Request.File.Missing} with Go's
 * {@code net/http} / {@code mime/multipart} error text, and no {@code data} key.
 */
final class FormFile implements Closeable {

    static final String NOT_MULTIPART = "request Content-Type isn't multipart/form-data";
    static final String MISSING_BOUNDARY = "no multipart boundary param in Content-Type";
    static final String NO_SUCH_FILE = "http: no such file";
    static final String NEXT_PART_EOF = "multipart: NextPart: EOF";
    static final String UNEXPECTED_EOF = "unexpected EOF";
    /** Go's multipart reader reads lines through a bufio.Reader of this size. */
    private static final int PEEK_BUFFER_SIZE = 4096;
    private static final int PREAMBLE_BUFFER_SIZE = 2 * PEEK_BUFFER_SIZE;

    private final Path path;

    private FormFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
    }

    /**
     * Reads the whole body, as Go's ParseMultipartForm does before FormFile looks for the field.
     *
     * @throws ApiException {@code Request.File.Missing} with Go's reason
     */
    static FormFile read(String contentType, InputStream body, String field, Path spoolDir) throws IOException {
        byte[] boundary = boundary(contentType);
        // Small: it serves the preamble's byte-at-a-time reads; the parts' reads, larger than
        // it, then go straight to the body instead of through one more copy of every byte.
        InputStream in = new BufferedInputStream(body, PREAMBLE_BUFFER_SIZE);
        Path spool = Files.createTempFile(spoolDir, "upload-", ".part");
        try {
            if (!readParts(in, boundary, field, spool)) {
                throw missing(field, NO_SUCH_FILE);
            }
            return new FormFile(spool);
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(spool);
            throw e;
        }
    }

    /** {@code multipartReader(false)}: multipart/form-data only, and a boundary parameter. */
    private static byte[] boundary(String contentType) {
        if (contentType == null || contentType.isEmpty()) {
            throw missing("file", NOT_MULTIPART);
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("multipart/form-data")) {
            throw missing("file", NOT_MULTIPART);
        }
        Map<String, String> params = parameters(semicolon < 0 ? "" : contentType.substring(semicolon + 1));
        String boundary = params.get("boundary");
        if (boundary == null) {
            throw missing("file", MISSING_BOUNDARY);
        }
        return boundary.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Spools the first file part named {@code field}; false when there is none. */
    private static boolean readParts(InputStream body, byte[] boundary, String field, Path spool) throws IOException {
        if (boundary.length == 0) {
            throw missing(field, "multipart: boundary is empty");
        }
        if (!skipPreamble(body, boundary, field)) {
            return false;
        }
        MultipartParts multipart = new MultipartParts(body, boundary);
        boolean found = false;
        try {
            boolean more = true;
            while (more) {
                Map<String, String> disposition = disposition(multipart.readHeaders());
                if (!found && disposition != null && field.equals(disposition.get("name"))
                        && !isEmpty(disposition.get("filename"))) {
                    try (OutputStream out = Files.newOutputStream(spool)) {
                        multipart.readBody(out);
                    }
                    found = true;
                } else {
                    multipart.readBody(null);
                }
                more = multipart.readBoundary();
            }
        } catch (MultipartParts.HeadersTooLarge e) {
            throw missing(field, "multipart: message too large");
        } catch (MultipartParts.Malformed e) {
            // The stream ended (or broke) before a part's closing boundary: Go's part reader
            // reports io.ErrUnexpectedEOF.
            throw missing(field, UNEXPECTED_EOF);
        }
        return found;
    }

    /**
     * Go's line-based search for the first boundary: lines before it are skipped, a final
     * boundary ends the form cleanly (null), running out of input is {@code NextPart: EOF}.
     * Returns whether a first part follows; the body is then positioned at its headers.
     */
    private static boolean skipPreamble(InputStream body, byte[] boundary, String field) throws IOException {
        byte[] dashBoundary = concat("--".getBytes(StandardCharsets.US_ASCII), boundary);
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = body.read()) >= 0) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
                if (line.size() >= PEEK_BUFFER_SIZE) {
                    throw missing(field, "multipart: NextPart: bufio: buffer full");
                }
            }
            byte[] bytes = line.toByteArray();
            boolean eof = b < 0;
            if (eof && isFinalBoundary(bytes, dashBoundary)) {
                return false;
            }
            if (eof) {
                throw missing(field, NEXT_PART_EOF);
            }
            if (isDelimiterLine(bytes, dashBoundary)) {
                return true;
            }
            if (isFinalBoundary(bytes, dashBoundary)) {
                return false;
            }
        }
    }

    private static boolean isDelimiterLine(byte[] line, byte[] dashBoundary) {
        if (!startsWith(line, dashBoundary)) {
            return false;
        }
        int at = skipSpaces(line, dashBoundary.length);
        return line.length - at == 2 && line[at] == '\r' && line[at + 1] == '\n';
    }

    private static boolean isFinalBoundary(byte[] line, byte[] dashBoundary) {
        byte[] dashBoundaryDash = concat(dashBoundary, "--".getBytes(StandardCharsets.US_ASCII));
        if (!startsWith(line, dashBoundaryDash)) {
            return false;
        }
        int at = skipSpaces(line, dashBoundaryDash.length);
        return at == line.length || (line.length - at == 2 && line[at] == '\r' && line[at + 1] == '\n');
    }

    /**
     * The Content-Disposition parameters of a part when it is {@code form-data} (Go's FormName
     * is empty otherwise), else null.
     */
    private static Map<String, String> disposition(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
                String value = line.substring(colon + 1).trim();
                int semicolon = value.indexOf(';');
                String type = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
                if (!type.equalsIgnoreCase("form-data")) {
                    return null;
                }
                return parameters(semicolon < 0 ? "" : value.substring(semicolon + 1));
            }
        }
        return null;
    }

    private static Map<String, String> parameters(String text) {
        ParameterParser parser = new ParameterParser();
        parser.setLowerCaseNames(true);
        return parser.parse(text, ';');
    }

    private static ApiException missing(String field, String reason) {
        return ApiException.of(ErrorCode.REQUEST_FILE_MISSING, field, reason);
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    private static int skipSpaces(byte[] line, int from) {
        int at = from;
        while (at < line.length && (line[at] == ' ' || line[at] == '\t')) {
            at++;
        }
        return at;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
