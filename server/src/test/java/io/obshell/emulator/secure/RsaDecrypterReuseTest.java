package io.obshell.emulator.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * Each thread keeps its RSA decrypter initialised between requests: a new agent key, a failed
 * block, and the other provider never leave it decrypting with the wrong key or a broken state.
 */
class RsaDecrypterReuseTest {

    private static final byte[] HEADER = "{\"auth\":\"secret\",\"ts\":\"1767225600\",\"uri\":\"/api/v1/info\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void aNewKeyOnTheSameThreadDecryptsWithTheNewKey() throws GeneralSecurityException {
        KeyPair first = RsaKeys.generate();
        KeyPair second = RsaKeys.generate();

        assertThat(decrypt(first, encrypt(first))).isEqualTo(HEADER);
        assertThat(decrypt(second, encrypt(second))).isEqualTo(HEADER);
        // The first key's ciphertext under the second key: refused, not decrypted with the key kept before.
        assertThatThrownBy(() -> decrypt(second, encrypt(first))).isInstanceOf(GeneralSecurityException.class);
        assertThat(decrypt(first, encrypt(first))).isEqualTo(HEADER);
    }

    @Test
    void aRefusedBlockLeavesTheDecrypterUsable() throws GeneralSecurityException {
        KeyPair keys = RsaKeys.generate();
        byte[] ciphertext = encrypt(keys);
        byte[] broken = Arrays.copyOf(ciphertext, ciphertext.length);
        broken[broken.length - 1] ^= 0x5a;

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decrypt(keys, broken)).isInstanceOf(GeneralSecurityException.class);
            assertThat(decrypt(keys, ciphertext)).isEqualTo(HEADER);
        }
    }

    @Test
    void bothProvidersInTurnOnOneThreadGiveTheSamePlaintext() throws GeneralSecurityException {
        KeyPair keys = RsaKeys.generate();
        byte[] ciphertext = encrypt(keys);
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) keys.getPrivate();
        RSAPrivateCrtKey jdkKey = (RSAPrivateCrtKey) RsaKeys.keyPairFromPkcs1(null, RsaKeys.privateKeyPkcs1(key))
                .getPrivate();

        for (int i = 0; i < 3; i++) {
            assertThat(RsaKeys.decryptBlocks(null, jdkKey, ciphertext)).isEqualTo(HEADER);
            assertThat(RsaKeys.decryptBlocks(key, ciphertext)).isEqualTo(HEADER);
        }
    }

    private static byte[] encrypt(KeyPair keys) throws GeneralSecurityException {
        return RsaKeys.encryptChunks((RSAPublicKey) keys.getPublic(), HEADER);
    }

    private static byte[] decrypt(KeyPair keys, byte[] ciphertext) throws GeneralSecurityException {
        return RsaKeys.decryptBlocks((RSAPrivateCrtKey) keys.getPrivate(), ciphertext);
    }
}
