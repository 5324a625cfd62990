package io.obshell.emulator.secure;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads an encrypted request body while it is decrypted, for a route whose bodies are too
 * large to decrypt to a file first (the package upload). obshell decrypts the whole body
 * before anything else looks at the request, so a decryption failure wins over whatever the
 * route would answer: the reader only prepares what the handler will use and must not answer
 * itself. It sees the plaintext from its start; the decryption filter reads what the reader
 * leaves, and discards what it prepared when the body turns out not to decrypt.
 */
public interface StreamedBodyReader {

    /** Whether this request's body is read as it is decrypted. */
    boolean reads(HttpServletRequest request);

    /**
     * Reads the plaintext (a body that breaks off or does not decrypt simply ends early here;
     * the filter answers it) and keeps what the handler needs, failures of the body's content
     * included, for the handler to pick up.
     *
     * @return what to release when the request ends
     */
    Closeable read(HttpServletRequest request, InputStream plaintext) throws IOException;
}
