package io.obshell.emulator.pkg;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
    private final UploadWorkers workers;

    PackageUploadReader(DataDirectory dataDirectory, UploadWorkers workers) {
        this.dataDirectory = dataDirectory;
        this.workers = workers;
    }

    @Override
    public boolean reads(HttpServletRequest request) {
        String contentType = request.getContentType();
        return "POST".equals(request.getMethod()) && EdgeLimits.UPLOAD_PATH.equals(request.getRequestURI())
                && contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    /**
     * The form is read, and the package written to disk, on another thread while this one
     * decrypts the body: the two halves take about as long, and the request thread alone would
     * do both one after the other.
     */
    @Override
    public Closeable read(HttpServletRequest request, InputStream plaintext) throws IOException {
        String contentType = request.getContentType();
        BlockPipe pipe = new BlockPipe();
        CompletableFuture<Prepared> form = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = pipe.input()) {
                return new Prepared(FormFile.read(contentType, in, PackageUploadController.FIELD, dataDirectory.tmp()),
                        null);
            } catch (ApiException | IOException | UncheckedIOException e) {
                return new Prepared(null, e);
            }
        }, workers);
        try {
            pipe.pump(plaintext);
        } catch (IOException | RuntimeException e) {
            // The pipe has ended all the same, so the form's reader ends too.
            try {
                joined(form).close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        Prepared prepared = joined(form);
        request.setAttribute(ATTRIBUTE, prepared);
        return prepared;
    }

    /** What the form's reader made of it; what it failed with unexpectedly is thrown as it was. */
    private static Prepared joined(CompletableFuture<Prepared> form) {
        try {
            return form.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
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
