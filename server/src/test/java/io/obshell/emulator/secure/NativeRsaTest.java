package io.obshell.emulator.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The native RSA path and the JDK's give the same plaintext, and refuse the same ciphertexts,
 * for one key held by each (made from the same PKCS#1 bytes, as a restart does).
 */
class NativeRsaTest {

    private static final KeyPair JDK_KEYS = RsaKeys.generate();
    private static final byte[] PKCS1 = RsaKeys.privateKeyPkcs1((RSAPrivateCrtKey) JDK_KEYS.getPrivate());

    @Test
    void nativeProviderIsUsedWhereAvailable() {
        Provider available = NativeRsa.available();
        assumeTrue(available != null, "no native RSA on this platform");
        assertThat(RsaKeys.providerName()).isEqualTo(available.getName());
        assertThat(RsaKeys.generate().getPrivate().getClass().getName()).contains("corretto");
    }

    @Test
    void signedHeaderDecryptsTheSameOnBothPaths() throws GeneralSecurityException {
        byte[] header = ("{\"auth\":\"secret\",\"ts\":\"1767225600\",\"uri\":\"/api/v1/obproxy/upgrade\","
                + "\"keys\":\"MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=\"}").getBytes(StandardCharsets.UTF_8);
        byte[] ciphertext = RsaKeys.encryptChunks((RSAPublicKey) JDK_KEYS.getPublic(), header);
        assertThat(ciphertext).hasSize(3 * 128);
        assertThat(outcome(null, ciphertext)).isEqualTo(new String(header, StandardCharsets.ISO_8859_1));
        assertSameOnBothPaths(ciphertext);
    }

    @Property(tries = 300)
    void anyCiphertextHasTheSameOutcomeOnBothPaths(@ForAll("ciphertexts") byte[] ciphertext) {
        assertSameOnBothPaths(ciphertext);
    }

    @Provide
    Arbitrary<byte[]> ciphertexts() {
        RSAPublicKey key = (RSAPublicKey) JDK_KEYS.getPublic();
        Arbitrary<byte[]> valid = Arbitraries.bytes().array(byte[].class).ofMaxSize(160).map(plain -> {
            try {
                return RsaKeys.encryptChunks(key, plain);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        // Valid blocks cut short or with one byte flipped, random bytes of block and odd sizes,
        // and all-0xff blocks (a number larger than the modulus).
        Arbitrary<byte[]> cut = valid.filter(b -> b.length > 1).flatMap(b ->
                Arbitraries.integers().between(1, b.length - 1).map(n -> Arrays.copyOf(b, n)));
        Arbitrary<byte[]> flipped = valid.filter(b -> b.length > 0).flatMap(b ->
                Arbitraries.integers().between(0, b.length - 1).map(i -> {
                    byte[] copy = b.clone();
                    copy[i] ^= 0x5a;
                    return copy;
                }));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(400);
        Arbitrary<byte[]> large = Arbitraries.integers().between(1, 3).map(n -> {
            byte[] b = new byte[128 * n];
            Arrays.fill(b, (byte) 0xff);
            return b;
        });
        return Arbitraries.oneOf(valid, cut, flipped, random, large);
    }

    private static void assertSameOnBothPaths(byte[] ciphertext) {
        Provider provider = NativeRsa.available();
        assumeTrue(provider != null, "no native RSA on this platform");
        assertThat(outcome(provider, ciphertext)).isEqualTo(outcome(null, ciphertext));
    }

    /** The plaintext as ISO-8859-1 text, or "refused" (the server answers DecryptFailed for any refusal). */
    private static String outcome(Provider provider, byte[] ciphertext) {
        KeyPair keys = RsaKeys.keyPairFromPkcs1(provider, PKCS1);
        try {
            return new String(RsaKeys.decryptBlocks(provider, (RSAPrivateCrtKey) keys.getPrivate(), ciphertext),
                    StandardCharsets.ISO_8859_1);
        } catch (GeneralSecurityException e) {
            return "refused";
        }
    }
}
