package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The streaming {@link GoBase64.Decoder} (request bodies, auth.md §3.1: decoded leniently,
 * keeping what decodes) must agree byte for byte with {@link GoBase64#decode}, whatever the
 * input and however the network cuts it into reads.
 */
class GoBase64PropertyTest {

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    @Property(tries = 2000)
    void streamingDecoderYieldsTheBytesOfTheWholeInputDecode(
            @ForAll("base64ish") byte[] input,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 9) Integer> chunkLengths) {
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        GoBase64.Decoder decoder = new GoBase64.Decoder();
        // Zero-length reads are allowed; a list of only zeros would never finish, so it means "one read".
        boolean advances = chunkLengths.stream().anyMatch(n -> n > 0);
        int off = 0;
        int chunk = 0;
        while (off < input.length) {
            int len = advances ? Math.min(chunkLengths.get(chunk++ % chunkLengths.size()), input.length - off)
                    : input.length - off;
            decoder.update(input, off, len, streamed::write);
            off += len;
        }
        decoder.finish();

        assertThat(streamed.toByteArray()).isEqualTo(GoBase64.decode(input).bytes());
    }

    /**
     * The bulk path hands whole slices of plain alphabet to java.util.Base64 and the rest to the
     * rules: long texts (several slices) damaged anywhere, fed in reads of any length, decode as
     * the whole input does.
     */
    @Property(tries = 300)
    void bulkDecodingYieldsTheBytesOfTheWholeInputDecode(
            @ForAll @Size(max = 6000) byte[] data, @ForAll @IntRange(min = 0, max = 100) int percent,
            @ForAll("symbol") byte symbol, @ForAll @IntRange(min = 0, max = 3) int how,
            @ForAll @IntRange(min = 1, max = 5000) int readLength) {
        byte[] text = Base64.getEncoder().encode(data);
        byte[] input = how == 3 ? text : damage(text, percent, symbol, how);
        ByteArrayOutputStream bulk = new ByteArrayOutputStream();
        GoBase64.Decoder decoder = new GoBase64.Decoder();
        for (int off = 0; off < input.length; off += readLength) {
            decoder.updateBulk(input, off, Math.min(readLength, input.length - off), bulk::write);
        }
        decoder.finish();

        assertThat(bulk.toByteArray()).isEqualTo(GoBase64.decode(input).bytes());
    }

    @Property(tries = 500)
    void whatJavaEncodesDecodesBackWithoutError(@ForAll @Size(max = 200) byte[] data, @ForAll boolean mime) {
        byte[] encoded = (mime ? Base64.getMimeEncoder() : Base64.getEncoder()).encode(data);

        GoBase64.Result result = GoBase64.decode(encoded);

        assertThat(result.ok()).isTrue();
        assertThat(result.bytes()).isEqualTo(data);
    }

    @Property(tries = 1000)
    void anErrorNamesAnIndexInsideTheInputAndKeepsWholeQuantaOnly(@ForAll("base64ish") byte[] input) {
        GoBase64.Result result = GoBase64.decode(input);

        assertThat(result.errorIndex()).isBetween(-1, input.length);
        assertThat(result.bytes().length).isLessThanOrEqualTo(input.length / 4 * 3);
    }

    /** Mostly base64 text, valid or damaged, with padding, newlines and stray bytes mixed in. */
    @Provide
    Arbitrary<byte[]> base64ish() {
        Arbitrary<Byte> symbol = Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.of(toList(ALPHABET))),
                Tuple.of(4, Arbitraries.just((byte) '=')),
                Tuple.of(3, Arbitraries.of((byte) '\r', (byte) '\n')),
                Tuple.of(1, Arbitraries.bytes()));
        Arbitrary<byte[]> noise = symbol.array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> encoded = Arbitraries.bytes().array(byte[].class).ofMaxSize(40)
                .map(Base64.getEncoder()::encode);
        Arbitrary<byte[]> damaged = Combinators.combine(encoded, Arbitraries.integers().between(0, 100),
                symbol, Arbitraries.integers().between(0, 2)).as(GoBase64PropertyTest::damage);
        return Arbitraries.oneOf(noise, encoded, damaged);
    }

    @Provide
    Arbitrary<Byte> symbol() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just((byte) '=')),
                Tuple.of(3, Arbitraries.of((byte) '\r', (byte) '\n')),
                Tuple.of(2, Arbitraries.of(toList(ALPHABET))),
                Tuple.of(1, Arbitraries.bytes()));
    }

    /** Inserts or overwrites one symbol, or cuts the text short, at a position scaled to its length. */
    private static byte[] damage(byte[] text, int percent, byte symbol, int how) {
        int at = text.length * percent / 100;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (how) {
            case 0 -> {
                out.write(text, 0, at);
                out.write(symbol);
                out.write(text, at, text.length - at);
            }
            case 1 -> {
                out.writeBytes(text);
                if (at < text.length) {
                    byte[] bytes = out.toByteArray();
                    bytes[at] = symbol;
                    return bytes;
                }
            }
            default -> out.write(text, 0, at);
        }
        return out.toByteArray();
    }

    private static List<Byte> toList(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        for (int k = 0; k < bytes.length; k++) {
            boxed[k] = bytes[k];
        }
        return List.of(boxed);
    }
}
