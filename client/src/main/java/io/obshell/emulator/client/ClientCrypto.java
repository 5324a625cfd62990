package io.obshell.emulator.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client's half of obshell's hybrid encryption, with the JDK alone (this artifact must not
 * pull in a crypto library): the agent publishes its key as PKCS#1 DER, which the JDK cannot
 * read, so the two integers are taken out of the DER here.
 */
final class ClientCrypto {

    /** The SDKs' plaintext chunk: k−11 for the legacy 512-bit key, still valid for 1024 bits. */
    static final int CHUNK = 53;
    private static final int BLOCK = 16;
    /** Plaintext encrypted at a time: a multiple of the AES block (16) and of base64's group (3). */
    static final int PIECE = 48 * 1024;

    private ClientCrypto() {
    }

    /** PKCS#1 RSAPublicKey: SEQUENCE { INTEGER modulus, INTEGER publicExponent }. */
    static RSAPublicKey publicKeyFromPkcs1(byte[] der) {
        Der reader = new Der(der);
        reader.expect(0x30);
        int sequenceEnd = reader.length() + reader.position;
        BigInteger modulus = reader.integer();
        BigInteger exponent = reader.integer();
        if (reader.position != sequenceEnd || sequenceEnd != der.length) {
            throw new IllegalArgumentException("not a PKCS#1 RSA public key: trailing bytes");
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA public key", e);
        }
    }

    /** RSA PKCS#1 v1.5 over 53-byte chunks, ciphertexts concatenated: what every obshell client sends. */
    static byte[] encryptChunks(RSAPublicKey key, byte[] plain) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < plain.length; off += CHUNK) {
            out.writeBytes(cipher.doFinal(plain, off, Math.min(CHUNK, plain.length - off)));
        }
        return out.toByteArray();
    }

    /** AES-128-CBC, PKCS#7 padding, base64: the SDK's body encoding (key, then IV). */
    static byte[] encryptBody(byte[] plain, byte[] keyAndIv) {
        try {
            return encryptBody(new ByteArrayInputStream(plain), plain.length, keyAndIv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #encryptBody(byte[], byte[])} of the {@code length} bytes {@code plain} gives, a
     * piece at a time: neither the plaintext nor its ciphertext is held whole, only the base64
     * text that is sent, and after a few pieces the JIT has compiled the whole AES/CBC call (with
     * its AES-NI intrinsic), which one 100 MB call only gets for its loop, on the fly (a cold
     * 100 MB upload's encryption took about a third less CPU).
     *
     * @throws IOException reading {@code plain} failed, or it did not give {@code length} bytes
     */
    static byte[] encryptBody(InputStream plain, long length, byte[] keyAndIv) throws IOException {
        Cipher cipher;
        try {
            cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyAndIv, 0, 16, "AES"),
                    new IvParameterSpec(keyAndIv, 16, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
        long sealedLength = (length / BLOCK + 1) * BLOCK;
        long textLength = (sealedLength + 2) / 3 * 4;
        if (textLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a body of " + length + " bytes is too large to send from memory");
        }
        byte[] text = new byte[(int) textLength];
        byte[] piece = new byte[PIECE];
        byte[] sealed = new byte[PIECE];
        byte[] encoded = new byte[PIECE / 3 * 4];
        Base64.Encoder base64 = Base64.getEncoder();
        int at = 0;
        long left = length;
        try {
            // Whole pieces: PIECE is a multiple of the AES block and of base64's three bytes, so
            // each piece's ciphertext is exactly as long and encodes to its own part of the text.
            while (left > PIECE) {
                readFully(plain, piece, PIECE);
                if (cipher.update(piece, 0, PIECE, sealed, 0) != PIECE) {
                    throw new IllegalStateException("AES/CBC encrypts whole blocks as they come");
                }
                int n = base64.encode(sealed, encoded);
                System.arraycopy(encoded, 0, text, at, n);
                at += n;
                left -= PIECE;
            }
            int n = (int) left;
            readFully(plain, piece, n);
            byte[] last = cipher.doFinal(piece, 0, n);
            byte[] lastText = base64.encode(last);
            System.arraycopy(lastText, 0, text, at, lastText.length);
            at += lastText.length;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
        if (at != text.length || plain.read() >= 0) {
            throw new IOException("the body changed while it was encrypted");
        }
        return text;
    }

    private static void readFully(InputStream in, byte[] buffer, int length) throws IOException {
        if (in.readNBytes(buffer, 0, length) != length) {
            throw new IOException("the body ended before its announced length");
        }
    }

    /** Just enough DER (definite lengths, SEQUENCE and INTEGER) for a PKCS#1 public key. */
    private static final class Der {

        private final byte[] bytes;
        private int position;

        Der(byte[] bytes) {
            this.bytes = bytes;
        }

        void expect(int tag) {
            if (position >= bytes.length || (bytes[position] & 0xff) != tag) {
                throw new IllegalArgumentException("not a PKCS#1 RSA public key: expected tag " + tag);
            }
            position++;
        }

        int length() {
            int first = next();
            if (first < 0x80) {
                return first;
            }
            int count = first & 0x7f;
            if (count == 0 || count > 3) {
                throw new IllegalArgumentException("not a PKCS#1 RSA public key: bad length");
            }
            int length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | next();
            }
            if (length > bytes.length - position) {
                throw new IllegalArgumentException("not a PKCS#1 RSA public key: truncated");
            }
            return length;
        }

        BigInteger integer() {
            expect(0x02);
            int length = length();
            BigInteger value = new BigInteger(Arrays.copyOfRange(bytes, position, position + length));
            position += length;
            return value;
        }

        private int next() {
            if (position >= bytes.length) {
                throw new IllegalArgumentException("not a PKCS#1 RSA public key: truncated");
            }
            return bytes[position++] & 0xff;
        }
    }
}
