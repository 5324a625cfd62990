package io.obshell.emulator.secure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
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

    private RsaKeys() {
    }

    /** The SDKs' plaintext chunk: k−11 for the legacy 512-bit key, still valid for 1024 bits. */
    public static final int CLIENT_CHUNK = 53;

    /** RSA PKCS#1 v1.5 over 53-byte chunks, ciphertexts concatenated: what every obshell client sends. */
    public static byte[] encryptChunks(RSAPublicKey key, byte[] plain) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int off = 0; off < plain.length; off += CLIENT_CHUNK) {
            out.writeBytes(cipher.doFinal(plain, off, Math.min(CLIENT_CHUNK, plain.length - off)));
        }
        return out.toByteArray();
    }

    public static KeyPair generate() {
        return generate(KEY_SIZE);
    }

    public static KeyPair generate(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
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
        RSAPrivateKey asn1 = RSAPrivateKey.getInstance(der);
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
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
