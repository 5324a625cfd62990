package io.obshell.emulator.secure;

import java.io.IOException;
import java.io.InputStream;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.api.GoBase64;

/**
 * obshell's body decryption (base64 as Go decodes it, AES-128-CBC, the last byte says how many
 * to drop) as a stream, in bounded buffers: the plaintext is handed on while the body is still
 * arriving, except its last {@value #HOLD_BACK} bytes, which the final byte may drop. A body
 * that fails (a broken read, a length that is not whole blocks, a padding longer than the
 * plaintext) ends the stream early instead of throwing into its reader; {@link #finish} reads
 * what is left and throws that failure, so it is answered exactly as when the whole body is
 * decrypted before the route runs.
 */
final class DecryptingInputStream extends InputStream {

    private static final int BLOCK = 16;
    /** The largest padding the last byte can declare. */
    private static final int HOLD_BACK = 255;

    private final InputStream source;
    private final Cipher cipher;
    private final GoBase64.Decoder decoder = new GoBase64.Decoder();
    private final byte[] text = new byte[64 * 1024];
    private final byte[] ciphertext = new byte[64 * 1024 + BLOCK];
    private final byte[] plain = new byte[128 * 1024];
    private final GoBase64.Decoder.Sink toCiphertext = this::appendCiphertext;
    private int ciphertextLength;
    /** Plaintext not yet read is {@code plain[start, end)}; of it, what lies before {@code limit} may be read. */
    private int start;
    private int end;
    private int limit;
    private long decoded;
    private long plainTotal;
    private boolean ended;
    private ApiException failure;

    DecryptingInputStream(InputStream source, Cipher cipher) {
        this.source = source;
        this.cipher = cipher;
    }

    @Override
    public int read() {
        if (!fill()) {
            return -1;
        }
        return plain[start++] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, limit - start);
        System.arraycopy(plain, start, bytes, off, n);
        start += n;
        return n;
    }

    @Override
    public int available() {
        return limit - start;
    }

    /**
     * Reads the rest of the body, then throws what the whole-body decryption would have: the
     * read failure, the AES length error, or the panic of a padding longer than the plaintext.
     */
    void finish() {
        while (fill()) {
            start = limit;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Whether plaintext can be read, after reading and decrypting more of the body if needed. */
    private boolean fill() {
        while (start == limit && !ended) {
            System.arraycopy(plain, start, plain, 0, end - start);
            end -= start;
            limit -= start;
            start = 0;
            int n;
            try {
                n = readText();
            } catch (ApiException e) {
                failure = e;
                ended = true;
                return false;
            } catch (IOException e) {
                failure = BodyDecryptFilter.ReadFailures.readFailed(e);
                ended = true;
                return false;
            }
            if (n <= 0) {
                endOfBody();
                break;
            }
            decoder.updateBulk(text, 0, n, toCiphertext);
            decrypt();
            limit = Math.max(start, end - HOLD_BACK);
        }
        return start < limit;
    }

    /** Fills {@code text} as far as the body goes; 0 or -1 at its end. */
    private int readText() throws IOException {
        int filled = 0;
        while (filled < text.length) {
            int n = source.read(text, filled, text.length - filled);
            if (n <= 0) {
                return filled > 0 ? filled : n;
            }
            filled += n;
        }
        return filled;
    }

    private void endOfBody() {
        decoder.finish();
        ended = true;
        if (decoded % BLOCK != 0) {
            failure = ApiException.unauthorized(ErrorCode.REQUEST_BODY_AES_CONTENT_LENGTH_INVALID)
                    .atStage(ApiException.Stage.DECRYPT);
            return;
        }
        decrypt();
        int padding = plainTotal == 0 ? -1 : plain[end - 1] & 0xff;
        if (padding < 0 || padding > plainTotal) {
            failure = ApiException.panic();
            return;
        }
        // At most HOLD_BACK bytes, and never more than the plaintext, so all of them are still here.
        limit = end - padding;
    }

    private void appendCiphertext(byte[] bytes, int off, int len) {
        decoded += len;
        System.arraycopy(bytes, off, ciphertext, ciphertextLength, len);
        ciphertextLength += len;
    }

    private void decrypt() {
        int aligned = ciphertextLength - ciphertextLength % BLOCK;
        if (aligned == 0) {
            return;
        }
        int n;
        try {
            n = cipher.update(ciphertext, 0, aligned, plain, end);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("AES/CBC/NoPadding gives one byte out per byte in", e);
        }
        end += n;
        plainTotal += n;
        System.arraycopy(ciphertext, aligned, ciphertext, 0, ciphertextLength - aligned);
        ciphertextLength -= aligned;
    }
}
