package io.obshell.emulator.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.GoBase64;
import io.obshell.emulator.Trickle;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The streamed decryption gives what the whole-body decryption gives (the rules of
 * BodyDecryptFilter's spooled path, recomputed here on the whole text): the same plaintext, or
 * the same failure, whatever the body and however its bytes arrive and are read. Bodies run
 * past 64 KiB, so the bulk base64 path (GoBase64.Decoder#updateBulk) is compared too, and the
 * stream decrypts with the JDK's AES or the native provider's, as the upload does.
 */
class DecryptingInputStreamTest {

    private static final byte[] KEYS = "0123456789abcdefFEDCBA9876543210".getBytes(StandardCharsets.US_ASCII);

    @Property(tries = 150)
    void theStreamGivesWhatTheWholeBodyDecryptionGives(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        byte[] text = body(random);

        Expected expected = wholeBody(text);
        // The upload decrypts with the native provider where there is one: it must not matter.
        Provider provider = random.nextBoolean() ? NativeRsa.available() : null;
        DecryptingInputStream stream = new DecryptingInputStream(new Trickle(text, () -> random.nextBoolean() ? 70_000 : 1 + random.nextInt(5000)), cipher(provider));
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 + random.nextInt(100_000)];
        int n;
        while ((n = random.nextInt(8) == 0 ? single(stream, buffer) : stream.read(buffer, 0, buffer.length)) >= 0) {
            read.write(buffer, 0, n);
        }

        if (expected.failure() == null) {
            stream.finish();
            assertThat(read.toByteArray()).isEqualTo(expected.plain());
        } else {
            assertThatThrownBy(stream::finish).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.errCode()).isEqualTo(expected.failure()));
        }
    }

    private static int single(InputStream in, byte[] buffer) throws java.io.IOException {
        int b = in.read();
        if (b < 0) {
            return -1;
        }
        buffer[0] = (byte) b;
        return 1;
    }

    /** A body as clients send it, sometimes spoiled: newlines, a bad byte, a cut, junk after padding. */
    private static byte[] body(Random random) throws Exception {
        int size = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(64);
            case 1 -> random.nextInt(4096);
            default -> random.nextInt(300_000);
        };
        byte[] plain = new byte[size - size % 16];
        random.nextBytes(plain);
        if (plain.length > 0 && random.nextInt(3) > 0) {
            plain[plain.length - 1] = (byte) (1 + random.nextInt(random.nextBoolean() ? 16 : 255));
        }
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEYS, 0, 16, "AES"), new IvParameterSpec(KEYS, 16, 16));
        byte[] text = Base64.getEncoder().encode(cipher.doFinal(plain));
        switch (random.nextInt(6)) {
            case 0 -> text = insert(text, random.nextInt(text.length + 1), "\r\n");
            case 1 -> text = insert(text, random.nextInt(text.length + 1), "$");
            case 2 -> text = Arrays.copyOf(text, Math.max(1, text.length - 1 - random.nextInt(8)));
            case 3 -> text = insert(text, text.length, "QUJD");
            default -> {
            }
        }
        return text.length == 0 ? "QUJD".getBytes(StandardCharsets.US_ASCII) : text;
    }

    private static byte[] insert(byte[] text, int at, String what) {
        byte[] inserted = what.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[text.length + inserted.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(text, at, out, at + inserted.length, text.length - at);
        return out;
    }

    private record Expected(byte[] plain, String failure) {
    }

    /** obshell's order: Go's lenient base64 of the whole text, whole blocks, the padding byte. */
    private static Expected wholeBody(byte[] text) throws Exception {
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        GoBase64.Decoder decoder = new GoBase64.Decoder();
        decoder.update(text, 0, text.length, decoded::write);
        decoder.finish();
        byte[] ciphertext = decoded.toByteArray();
        if (ciphertext.length % 16 != 0) {
            return new Expected(null, "Request.Body.Decrypt.AES.ContentLength.Invalid");
        }
        byte[] plain = cipher(null).doFinal(ciphertext);
        int padding = plain.length == 0 ? -1 : plain[plain.length - 1] & 0xff;
        if (padding < 0 || padding > plain.length) {
            return new Expected(null, ApiException.panic().errCode());
        }
        return new Expected(Arrays.copyOf(plain, plain.length - padding), null);
    }

    private static Cipher cipher(Provider provider) throws Exception {
        Cipher cipher = provider == null ? Cipher.getInstance("AES/CBC/NoPadding")
                : Cipher.getInstance("AES/CBC/NoPadding", provider);
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KEYS, 0, 16, "AES"), new IvParameterSpec(KEYS, 16, 16));
        return cipher;
    }
}
