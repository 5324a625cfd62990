package io.obshell.emulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class ClientCryptoTest {

    @Test
    void readsThePkcs1KeyTheAgentPublishesAndEncryptsInChunksItCanDecrypt() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair pair = generator.generateKeyPair();
        RSAPublicKey key = (RSAPublicKey) pair.getPublic();

        RSAPublicKey parsed = ClientCrypto.publicKeyFromPkcs1(pkcs1(key));
        assertThat(parsed.getModulus()).isEqualTo(key.getModulus());
        assertThat(parsed.getPublicExponent()).isEqualTo(key.getPublicExponent());

        byte[] plain = "{\"auth\":\"secret\",\"ts\":\"1\",\"uri\":\"/api/v1/obproxy/upgrade\",\"keys\":null}".getBytes();
        byte[] sealed = ClientCrypto.encryptChunks(parsed, plain);
        assertThat(sealed).hasSize(128 * 2);
        Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        rsa.init(Cipher.DECRYPT_MODE, pair.getPrivate());
        byte[] first = rsa.doFinal(sealed, 0, 128);
        byte[] second = rsa.doFinal(sealed, 128, 128);
        assertThat(first).hasSize(ClientCrypto.CHUNK);
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        assertThat(joined).isEqualTo(plain);
    }

    @Test
    void refusesWhatIsNotAPkcs1PublicKey() {
        assertThatThrownBy(() -> ClientCrypto.publicKeyFromPkcs1(new byte[] {0x30, 0x05, 0x02, 0x01}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PKCS#1");
        assertThatThrownBy(() -> ClientCrypto.publicKeyFromPkcs1(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bodiesAreAesCbcWithTheKeyThenTheIv() throws Exception {
        byte[] keyAndIv = new byte[32];
        for (int i = 0; i < 32; i++) {
            keyAndIv[i] = (byte) i;
        }
        byte[] sealed = Base64.getDecoder().decode(ClientCrypto.encryptBody("{}".getBytes(), keyAndIv));
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyAndIv, 0, 16, "AES"), new IvParameterSpec(keyAndIv, 16, 16));
        assertThat(new String(aes.doFinal(sealed))).isEqualTo("{}");
    }

    @Test
    void aBodyEncryptedPieceByPieceIsTheWholeBodyEncryptedAtOnce() throws Exception {
        byte[] keyAndIv = new byte[32];
        new Random(7).nextBytes(keyAndIv);
        int piece = ClientCrypto.PIECE;
        for (int length : new int[] {0, 1, 15, 16, 17, 47, 48, piece - 1, piece, piece + 1, piece + 16, 2 * piece,
                3 * piece + 7}) {
            byte[] plain = new byte[length];
            new Random(length).nextBytes(plain);
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyAndIv, 0, 16, "AES"), new IvParameterSpec(keyAndIv, 16, 16));
            byte[] atOnce = Base64.getEncoder().encode(aes.doFinal(plain));

            assertThat(ClientCrypto.encryptBody(plain, keyAndIv)).as("%d bytes", length).isEqualTo(atOnce);
            // A stream that hands out a few bytes per read, as a file or socket may.
            assertThat(ClientCrypto.encryptBody(new Trickle(plain), length, keyAndIv)).as("%d bytes", length)
                    .isEqualTo(atOnce);
        }
    }

    @Test
    void aBodyShorterOrLongerThanAnnouncedIsRefused() {
        byte[] keyAndIv = new byte[32];
        byte[] plain = new byte[ClientCrypto.PIECE + 5];
        assertThatThrownBy(() -> ClientCrypto.encryptBody(new ByteArrayInputStream(plain), plain.length + 1, keyAndIv))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ClientCrypto.encryptBody(new ByteArrayInputStream(plain), plain.length - 1, keyAndIv))
                .isInstanceOf(IOException.class);
    }

    /** At most 1000 bytes a read. */
    private static final class Trickle extends InputStream {

        private final ByteArrayInputStream bytes;

        Trickle(byte[] bytes) {
            this.bytes = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return bytes.read(b, off, Math.min(len, 1000));
        }
    }

    /** SEQUENCE { INTEGER n, INTEGER e }, written by hand as obshell's Go code does with x509.MarshalPKCS1PublicKey. */
    private static byte[] pkcs1(RSAPublicKey key) {
        byte[] n = integer(key.getModulus());
        byte[] e = integer(key.getPublicExponent());
        byte[] content = new byte[n.length + e.length];
        System.arraycopy(n, 0, content, 0, n.length);
        System.arraycopy(e, 0, content, n.length, e.length);
        return tlv(0x30, content);
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        byte[] length = content.length < 0x80 ? new byte[] {(byte) content.length}
                : content.length < 0x100 ? new byte[] {(byte) 0x81, (byte) content.length}
                : new byte[] {(byte) 0x82, (byte) (content.length >> 8), (byte) content.length};
        byte[] out = new byte[1 + length.length + content.length];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, content.length);
        return out;
    }
}
