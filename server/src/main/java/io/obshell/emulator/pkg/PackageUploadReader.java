package io.obshell.emulator.pkg;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

import io.obshell.emulator.DataDirectory;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.EdgeLimits;
import io.obshell.emulator.secure.StreamedBodyReader;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * Spools an encrypted package upload's file part while the body is decrypted, so the package
 * reaches the disk once, not first as the decrypted body and then again as the part. What the
 * form holds, a failure included, is kept for {@link PackageUploadController}: obshell parses
 * the form only after the route's checks, so whatever the form is, a failed check answers first.
 */
@Component
class PackageUploadReader implements StreamedBodyReader {

    private static final String ATTRIBUTE = PackageUploadReader.class.getName();

    private final DataDirectory dataDirectory;

    PackageUploadReader(DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    @Override
    public boolean reads(HttpServletRequest request) {
        String contentType = request.getContentType();
        return "POST".equals(request.getMethod()) && EdgeLimits.UPLOAD_PATH.equals(request.getRequestURI())
                && contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    @Override
    public Closeable read(HttpServletRequest request, InputStream plaintext) {
        Prepared prepared;
        try {
            prepared = new Prepared(FormFile.read(request.getContentType(), plaintext, PackageUploadController.FIELD,
                    dataDirectory.tmp()), null);
        } catch (ApiException | IOException | UncheckedIOException e) {
            prepared = new Prepared(null, e);
        }
        request.setAttribute(ATTRIBUTE, prepared);
        return prepared;
    }

    /**
     * The file part this reader spooled for the request, or null when it read none (the body
     * was not encrypted, or not a multipart form); throws what reading the form failed with.
     */
    static FormFile prepared(HttpServletRequest request) throws IOException {
        Prepared prepared = (Prepared) request.getAttribute(ATTRIBUTE);
        if (prepared == null) {
            return null;
        }
        if (prepared.failure() instanceof IOException e) {
            throw e;
        }
        if (prepared.failure() instanceof RuntimeException e) {
            throw e;
        }
        return prepared.file();
    }

    private record Prepared(FormFile file, Exception failure) implements Closeable {

        @Override
        public void close() throws IOException {
            if (file != null) {
                file.close();
            }
        }
    }
}
