package io.obshell.emulator.secure;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Arrays;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.obshell.emulator.DataDirectory;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ApiRequest;
import io.obshell.emulator.api.BodyTooLargeException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.api.ErrorMessage;
import io.obshell.emulator.api.GoBase64;
import io.obshell.emulator.api.ReplacedBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * obshell's BodyDecrypt (auth.md §3, §4.2 step 2): only after a header was decoded, only for
 * a non-empty body, never when the RequestURI is exactly {@code /api/v1/package}. The body is
 * base64 text decoded as Go does (keeping what decodes), AES-128-CBC with key = keys[0:16] and
 * IV = keys[16:], and the last byte says how many bytes to drop, unchecked. It streams, so
 * upload size is bounded by disk, not heap. A body a {@link StreamedBodyReader} takes (the
 * package upload) is not kept at all: the reader consumes it as it is decrypted.
 */
class BodyDecryptFilter extends OncePerRequestFilter {

    private static final String RAW_PACKAGE_URI = "/api/v1/package";
    private static final int BLOCK = 16;
    /** The most a body's buffers take: larger bodies pass through them in pieces. */
    static final int MAX_BUFFER = 64 * 1024;
    /**
     * One JDK AES-CBC decrypter per request thread, initialised anew (key and IV) for each body:
     * {@code Cipher.getInstance} looks the algorithm up among the providers every time. A body is
     * decrypted whole before the chain goes on, so a thread never needs two at once.
     */
    private static final ThreadLocal<Cipher> AES = ThreadLocal.withInitial(BodyDecryptFilter::newAesCbc);

    private final DataDirectory dataDirectory;
    private final List<StreamedBodyReader> streamedReaders;

    BodyDecryptFilter(DataDirectory dataDirectory, List<StreamedBodyReader> streamedReaders) {
        this.dataDirectory = dataDirectory;
        this.streamedReaders = List.copyOf(streamedReaders);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AuthHeader header = AuthHeader.of(request);
        if (header == null || RAW_PACKAGE_URI.equals(ApiRequest.requestUri(request))) {
            chain.doFilter(request, response);
            return;
        }
        PushbackInputStream in = new PushbackInputStream(new ReadFailures(request.getInputStream()), 1);
        int first = in.read();
        if (first < 0) {
            chain.doFilter(request, response);
            return;
        }
        in.unread(first);
        StreamedBodyReader reader = streamedReader(request);
        if (reader != null) {
            // The native provider's AES, when there is one, decrypts a package several times faster.
            DecryptingInputStream plaintext = new DecryptingInputStream(in, cipher(header.keys(), NativeRsa.PROVIDER));
            try (Closeable prepared = reader.read(request, plaintext)) {
                plaintext.finish();
                chain.doFilter(new ReplacedBodyRequest(request, InputStream::nullInputStream), response);
            }
            return;
        }
        try (DecryptedBody body = decrypt(in, header.keys(), request.getContentLengthLong())) {
            body.attachTo(request);
            chain.doFilter(new ReplacedBodyRequest(request, body::open), response);
        }
    }

    /**
     * obshell's io.ReadAll of the body: any read error (here also a body past its limit, as
     * Go's MaxBytesReader reports it) is 400 Request.Body.ReadFailed, before PreHandlers.
     */
    static final class ReadFailures extends java.io.FilterInputStream {

        ReadFailures(InputStream in) {
            super(in);
        }

        @Override
        public int read() {
            try {
                return super.read();
            } catch (IOException e) {
                throw readFailed(e);
            }
        }

        @Override
        public int read(byte[] buffer, int off, int len) {
            try {
                return super.read(buffer, off, len);
            } catch (IOException e) {
                throw readFailed(e);
            }
        }

        static ApiException readFailed(IOException e) {
            String detail = e instanceof BodyTooLargeException ? e.getMessage() : "unexpected EOF";
            return ApiException.of(ErrorCode.REQUEST_BODY_READ_FAILED,
                    ErrorMessage.occur(ErrorCode.REQUEST_BODY_READ_FAILED, detail), ApiException.Stage.DECRYPT);
        }
    }

    private StreamedBodyReader streamedReader(HttpServletRequest request) {
        for (StreamedBodyReader reader : streamedReaders) {
            if (reader.reads(request)) {
                return reader;
            }
        }
        return null;
    }

    /**
     * The AES-128-CBC decrypter of keys[0:16] and IV keys[16:], refused as obshell refuses them;
     * from {@code provider}, or the JDK's when null (CBC gives the same bytes whoever computes it).
     */
    private static Cipher cipher(byte[] keys, Provider provider) {
        if (keys == null || keys.length < BLOCK) {
            throw decryptError(ErrorCode.REQUEST_BODY_AES_KEY_AND_IV_INVALID);
        }
        byte[] iv = Arrays.copyOfRange(keys, BLOCK, keys.length);
        if (iv.length != BLOCK) {
            // aes.go creates the CBC decrypter, which panics on such an IV, before any length check.
            throw ApiException.panic();
        }
        return cipher(Arrays.copyOf(keys, BLOCK), iv, provider);
    }

    /** {@code contentLength}: the client's Content-Length, -1 when unknown (chunked); sizes the buffers. */
    private DecryptedBody decrypt(InputStream in, byte[] keys, long contentLength) throws IOException {
        Cipher cipher = cipher(keys, null);
        // Base64 of n bytes is at least 4n/3 characters: the plaintext is shorter than the body.
        int expected = contentLength < 0 ? MAX_BUFFER : (int) Math.min(MAX_BUFFER, contentLength);
        DecryptedBody body = new DecryptedBody(dataDirectory.tmp(), expected);
        try {
            long decoded = decodeInto(in, cipher, body, expected);
            if (decoded % BLOCK != 0) {
                throw decryptError(ErrorCode.REQUEST_BODY_AES_CONTENT_LENGTH_INVALID);
            }
            int padding = body.lastByte();
            if (padding < 0 || padding > body.size()) {
                throw ApiException.panic();
            }
            body.truncate(padding);
            return body;
        } catch (RuntimeException | IOException e) {
            body.close();
            throw e;
        }
    }

    /**
     * Streams base64 → AES into the body; returns how many ciphertext bytes were decoded.
     * {@code expected}: the body's length as far as known, at most {@link #MAX_BUFFER}; a small
     * request (a few hundred bytes) gets buffers of its size, not three of 64 KB to zero.
     */
    private static long decodeInto(InputStream in, Cipher cipher, DecryptedBody body, int expected) throws IOException {
        GoBase64.Decoder decoder = new GoBase64.Decoder();
        CipherSink sink = new CipherSink(cipher, body, expected);
        // One byte more than expected, so that the read which finds the end needs no second buffer.
        byte[] buffer = new byte[Math.min(MAX_BUFFER, expected + 1)];
        int n;
        while ((n = in.read(buffer)) > 0) {
            decoder.update(buffer, 0, n, sink);
        }
        decoder.finish();
        sink.flush();
        return sink.decoded;
    }

    private static Cipher cipher(byte[] key, byte[] iv, Provider provider) {
        try {
            Cipher cipher = provider == null ? AES.get() : Cipher.getInstance("AES/CBC/NoPadding", provider);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    private static Cipher newAesCbc() {
        try {
            return Cipher.getInstance("AES/CBC/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    private static ApiException decryptError(ErrorCode inner) {
        return ApiException.unauthorized(inner).atStage(ApiException.Stage.DECRYPT);
    }

    /** Buffers decoded bytes and feeds the cipher in large, block-aligned pieces. */
    private static final class CipherSink implements GoBase64.Decoder.Sink {

        private final Cipher cipher;
        private final DecryptedBody body;
        private final byte[] buffer;
        private final byte[] plain;
        private int length;
        long decoded;

        /** {@code expected}: at least the ciphertext's length when known (base64 is longer). */
        CipherSink(Cipher cipher, DecryptedBody body, int expected) {
            this.cipher = cipher;
            this.body = body;
            // Whole blocks: a full buffer always drains.
            int size = Math.max(BLOCK, Math.min(MAX_BUFFER, (expected + BLOCK - 1) / BLOCK * BLOCK));
            this.buffer = new byte[size];
            this.plain = new byte[size];
        }

        @Override
        public void write(byte[] bytes, int off, int len) {
            decoded += len;
            while (len > 0) {
                int n = Math.min(len, buffer.length - length);
                System.arraycopy(bytes, off, buffer, length, n);
                length += n;
                off += n;
                len -= n;
                if (length == buffer.length) {
                    drain();
                }
            }
        }

        void flush() {
            drain();
        }

        private void drain() {
            int aligned = length - length % BLOCK;
            if (aligned > 0) {
                int n;
                try {
                    n = cipher.update(buffer, 0, aligned, plain);
                } catch (ShortBufferException e) {
                    throw new IllegalStateException("AES/CBC/NoPadding gives one byte out per byte in", e);
                }
                body.write(plain, 0, n);
                System.arraycopy(buffer, aligned, buffer, 0, length - aligned);
                length -= aligned;
            }
        }
    }
}
