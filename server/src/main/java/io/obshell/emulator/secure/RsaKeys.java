package io.obshell.emulator.secure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;

import javax.crypto.Cipher;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;

/**
 * PKCS#1 encodings, which obshell uses on the wire and at rest and the JDK does not write:
 * it gives SPKI/PKCS#8, the Go SDK parses only PKCS#1 (auth.md §1).
 */
public final class RsaKeys {

    /** obshell's KEY_SIZE from 4.4.2.0 (lib/crypto/rsa.go, #748); 512 before. */
    public static final int KEY_SIZE = 1024;
    public static final int LEGACY_KEY_SIZE = 512;
    /** The first release with 1024-bit keys. */
    public static final String KEY_SIZE_1024_SINCE = "4.4.2.0";
    private static final String RSA_PKCS1 = "RSA/ECB/PKCS1Padding";

    private RsaKeys() {
    }

    /** The SDKs' plaintext chunk: k−11 for the legacy 512-bit key, still valid for 1024 bits. */
    public static final int CLIENT_CHUNK = 53;

    /** RSA PKCS#1 v1.5 over 53-byte chunks, ciphertexts concatenated: what every obshell client sends. */
    public static byte[] encryptChunks(RSAPublicKey key, byte[] plain) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(RSA_PKCS1);
        cipher.init(Cipher.ENCRYPT_MODE, key);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int off = 0; off < plain.length; off += CLIENT_CHUNK) {
            out.writeBytes(cipher.doFinal(plain, off, Math.min(CLIENT_CHUNK, plain.length - off)));
        }
        return out.toByteArray();
    }

    /**
     * RSA PKCS#1 v1.5 over modulus-size blocks, plaintexts concatenated: obshell's
     * DecryptAndReturnBytes. Uses the native provider when there is one (see NativeRsa); keys
     * made by {@link #generate} and {@link #keyPairFromPkcs1} are that provider's own, so it
     * need not convert them on every call.
     */
    public static byte[] decryptBlocks(RSAPrivateCrtKey key, byte[] ciphertext) throws GeneralSecurityException {
        return decryptBlocks(providerFor(key.getModulus().bitLength()), key, ciphertext);
    }

    /**
     * The native provider for keys of {@link #KEY_SIZE} and more; the JDK's for the legacy
     * 512-bit keys, which native libraries may refuse.
     */
    private static Provider providerFor(int bits) {
        return bits >= KEY_SIZE ? NativeRsa.PROVIDER : null;
    }

    /** As {@link #decryptBlocks(RSAPrivateCrtKey, byte[])} with the given provider (null: the JDK's). */
    static byte[] decryptBlocks(Provider provider, RSAPrivateCrtKey key, byte[] ciphertext)
            throws GeneralSecurityException {
        Decrypter decrypter = DECRYPTER.get();
        Cipher cipher = decrypter.cipher(provider, key);
        int blockSize = (key.getModulus().bitLength() + 7) / 8;
        // The JDK decrypts a short last block as a smaller number, which may yield more
        // plaintext than the block has bytes: collect blocks without assuming a size.
        java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream(ciphertext.length);
        try {
            for (int off = 0; off < ciphertext.length; off += blockSize) {
                plain.writeBytes(cipher.doFinal(ciphertext, off, Math.min(blockSize, ciphertext.length - off)));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // A cipher that failed may need a new init before it can be used again.
            decrypter.forget();
            throw e;
        }
        return plain.toByteArray();
    }

    /**
     * The RSA decrypter of the last key this thread used, kept initialised: {@code doFinal}
     * leaves a cipher as {@code init} made it, so every header's blocks reuse it, where
     * {@code getInstance} and {@code init} per request cost a provider look-up and the key's setup.
     * Per thread, as a Cipher is not thread-safe; a new agent key (or provider) replaces it.
     */
    private static final ThreadLocal<Decrypter> DECRYPTER = ThreadLocal.withInitial(Decrypter::new);

    private static final class Decrypter {

        private Provider provider;
        private RSAPrivateCrtKey key;
        private Cipher cipher;

        Cipher cipher(Provider wanted, RSAPrivateCrtKey wantedKey) throws GeneralSecurityException {
            if (cipher == null || provider != wanted || key != wantedKey) {
                forget();
                Cipher made = wanted == null ? Cipher.getInstance(RSA_PKCS1) : Cipher.getInstance(RSA_PKCS1, wanted);
                made.init(Cipher.DECRYPT_MODE, wantedKey);
                provider = wanted;
                key = wantedKey;
                cipher = made;
            }
            return cipher;
        }

        void forget() {
            provider = null;
            key = null;
            cipher = null;
        }
    }

    /** The provider that decrypts RSA here, for benchmarks and the start-up log. */
    public static String providerName() {
        try {
            return (NativeRsa.PROVIDER == null ? Cipher.getInstance(RSA_PKCS1)
                    : Cipher.getInstance(RSA_PKCS1, NativeRsa.PROVIDER)).getProvider().getName();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }

    public static KeyPair generate() {
        return generate(KEY_SIZE);
    }

    public static KeyPair generate(int bits) {
        try {
            Provider provider = providerFor(bits);
            KeyPairGenerator generator = provider == null ? KeyPairGenerator.getInstance("RSA")
                    : KeyPairGenerator.getInstance("RSA", provider);
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }

    /** DER of PKCS#1 RSAPublicKey: SEQUENCE { modulus, publicExponent }. */
    public static byte[] publicKeyPkcs1(RSAPublicKey key) {
        try {
            return new org.bouncycastle.asn1.pkcs.RSAPublicKey(key.getModulus(), key.getPublicExponent()).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses PKCS#1 RSAPublicKey DER, as a client does with {@code /api/v1/secret}. */
    public static RSAPublicKey publicKeyFromPkcs1(byte[] der) {
        org.bouncycastle.asn1.pkcs.RSAPublicKey asn1 = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(der);
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(asn1.getModulus(), asn1.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA public key", e);
        }
    }

    /** DER of PKCS#1 RSAPrivateKey, obshell's storage form. */
    public static byte[] privateKeyPkcs1(RSAPrivateCrtKey key) {
        try {
            return PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KeyPair keyPairFromPkcs1(byte[] der) {
        return keyPairFromPkcs1(providerFor(RSAPrivateKey.getInstance(der).getModulus().bitLength()), der);
    }

    static KeyPair keyPairFromPkcs1(Provider provider, byte[] der) {
        RSAPrivateKey asn1 = RSAPrivateKey.getInstance(der);
        try {
            KeyFactory factory = provider == null ? KeyFactory.getInstance("RSA") : KeyFactory.getInstance("RSA", provider);
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) factory.generatePrivate(new RSAPrivateCrtKeySpec(
                    asn1.getModulus(), asn1.getPublicExponent(), asn1.getPrivateExponent(), asn1.getPrime1(),
                    asn1.getPrime2(), asn1.getExponent1(), asn1.getExponent2(), asn1.getCoefficient()));
            RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(
                    new RSAPublicKeySpec(asn1.getModulus(), asn1.getPublicExponent()));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA private key", e);
        }
    }
}
