package io.obshell.emulator.api;

import java.util.Arrays;

/**
 * Go's {@code base64.StdEncoding.Decode}: what decoded before the first error is kept, and
 * the error names the input byte where it happened. obshell decodes request bodies leniently
 * (it keeps those bytes) and headers strictly (it reports the error); java.util.Base64 does
 * neither the same way, hence this small decoder.
 */
public final class GoBase64 {

    private static final byte[] DECODE = new byte[256];
    private static final java.util.Base64.Decoder JDK_DECODER = java.util.Base64.getDecoder();

    static {
        Arrays.fill(DECODE, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            DECODE[alphabet.charAt(i)] = (byte) i;
        }
    }

    /** Decoded bytes, and the index of the offending input byte or -1. */
    public record Result(byte[] bytes, int errorIndex) {

        public boolean ok() {
            return errorIndex < 0;
        }

        /** Go's CorruptInputError text. */
        public String error() {
            return "illegal base64 data at input byte " + errorIndex;
        }
    }

    private GoBase64() {
    }

    public static Result decode(byte[] src) {
        return decode(src, 0, src.length);
    }

    public static Result decode(byte[] src, int from, int to) {
        byte[] out = new byte[(to - from) / 4 * 3 + 3];
        int n = 0;
        int si = from;
        int[] quantum = new int[4];
        while (true) {
            int j = 0;
            while (j < 4) {
                if (si == to) {
                    return j == 0 ? result(out, n, -1) : result(out, n, si - j - from);
                }
                int c = src[si++] & 0xff;
                if (c == '\n' || c == '\r') {
                    continue;
                }
                if (DECODE[c] >= 0) {
                    quantum[j++] = DECODE[c];
                    continue;
                }
                if (c != '=' || j < 2) {
                    return result(out, n, si - 1 - from);
                }
                if (j == 2) {
                    si = skipNewlines(src, si, to);
                    if (si == to) {
                        return result(out, n, to - from);
                    }
                    if (src[si] != '=') {
                        return result(out, n, si - 1 - from);
                    }
                    si++;
                }
                si = skipNewlines(src, si, to);
                n = writePartial(out, n, quantum, j);
                return result(out, n, si < to ? si - from : -1);
            }
            out[n++] = (byte) (quantum[0] << 2 | quantum[1] >> 4);
            out[n++] = (byte) (quantum[1] << 4 | quantum[2] >> 2);
            out[n++] = (byte) (quantum[2] << 6 | quantum[3]);
        }
    }

    private static int writePartial(byte[] out, int n, int[] quantum, int chars) {
        out[n++] = (byte) (quantum[0] << 2 | quantum[1] >> 4);
        if (chars == 3) {
            out[n++] = (byte) (quantum[1] << 4 | quantum[2] >> 2);
        }
        return n;
    }

    private static int skipNewlines(byte[] src, int si, int to) {
        while (si < to && (src[si] == '\n' || src[si] == '\r')) {
            si++;
        }
        return si;
    }

    private static Result result(byte[] out, int n, int errorIndex) {
        return new Result(Arrays.copyOf(out, n), errorIndex);
    }

    /**
     * The same rules fed a chunk at a time, for request bodies too large to hold: decoded
     * bytes go to a sink as they complete, and decoding stops for good at the first error.
     */
    public static final class Decoder {

        /** Characters per call of the JDK's decoder (whole quanta). */
        static final int SLICE = 1024;

        /** Receives decoded bytes. */
        public interface Sink {
            void write(byte[] bytes, int off, int len);
        }

        private final int[] quantum = new int[4];
        private final byte[] out = new byte[3];
        private final byte[] slice = new byte[SLICE];
        private final byte[] sliceDecoded = new byte[SLICE / 4 * 3];
        private byte[] bulk = new byte[0];
        private int chars;
        private boolean awaitingSecondPad;
        private boolean padded;
        private boolean stopped;

        public void update(byte[] src, int off, int len, Sink sink) {
            int end = off + len;
            byte[] decoded = decodedBuffer(len);
            int n = 0;
            int k = off;
            while (k < end && !stopped) {
                if (chars == 0 && !awaitingSecondPad && !padded) {
                    // Whole quanta of alphabet characters, the bulk of any body, in one pass;
                    // anything else (newline, padding, a bad byte, a split quantum) goes below.
                    while (k + 4 <= end) {
                        int a = DECODE[src[k] & 0xff];
                        int b = DECODE[src[k + 1] & 0xff];
                        int c = DECODE[src[k + 2] & 0xff];
                        int d = DECODE[src[k + 3] & 0xff];
                        if ((a | b | c | d) < 0) {
                            break;
                        }
                        decoded[n++] = (byte) (a << 2 | b >> 4);
                        decoded[n++] = (byte) (b << 4 | c >> 2);
                        decoded[n++] = (byte) (c << 6 | d);
                        k += 4;
                    }
                    if (k == end) {
                        break;
                    }
                }
                if (n > 0) {
                    sink.write(decoded, 0, n);
                    n = 0;
                }
                accept(src[k++] & 0xff, sink);
            }
            if (n > 0) {
                sink.write(decoded, 0, n);
            }
        }

        /**
         * {@code update(src, off, len, sink)}, faster for the usual body: whole quanta of plain
         * alphabet go through java.util.Base64, which decodes them exactly as these rules do and
         * which C2 compiles to a vector intrinsic on x86; whatever it refuses (a newline,
         * padding, a bad byte, a decoder in mid-quantum) is decoded by the rules above instead,
         * from that slice on. It is fed slices of {@value #SLICE} characters, not whole buffers:
         * C2 compiles the intrinsic once the JDK's decoder has been called a few hundred times,
         * and a fresh server would otherwise decode most of its first large upload, 64 KB a
         * call, in the interpreter's and C1's code (2.5x slower over 100 MB).
         */
        public void updateBulk(byte[] src, int off, int len, Sink sink) {
            int end = off + len;
            int k = off;
            while (end - k >= SLICE && chars == 0 && !awaitingSecondPad && !padded && !stopped) {
                System.arraycopy(src, k, slice, 0, SLICE);
                if (slice[SLICE - 1] == '=') {
                    break;
                }
                int n;
                try {
                    n = JDK_DECODER.decode(slice, sliceDecoded);
                } catch (IllegalArgumentException refused) {
                    break;
                }
                if (n != SLICE / 4 * 3) {
                    break;
                }
                sink.write(sliceDecoded, 0, n);
                k += SLICE;
            }
            if (k < end) {
                update(src, k, end - k, sink);
            }
        }

        private byte[] decodedBuffer(int len) {
            int needed = len / 4 * 3 + 3;
            if (bulk.length < needed) {
                bulk = new byte[needed];
            }
            return bulk;
        }

        /** Ends the input; a partial quantum without its padding is dropped, as Go drops it. */
        public void finish() {
            stopped = true;
        }

        private void accept(int c, Sink sink) {
            if (c == '\n' || c == '\r') {
                return;
            }
            if (padded) {
                stopped = true;
            } else if (awaitingSecondPad) {
                if (c == '=') {
                    emit(sink, 1);
                    padded = true;
                } else {
                    stopped = true;
                }
            } else if (DECODE[c] >= 0) {
                quantum[chars++] = DECODE[c];
                if (chars == 4) {
                    emit(sink, 3);
                }
            } else if (c == '=' && chars == 2) {
                awaitingSecondPad = true;
            } else if (c == '=' && chars == 3) {
                emit(sink, 2);
                padded = true;
            } else {
                stopped = true;
            }
        }

        private void emit(Sink sink, int count) {
            out[0] = (byte) (quantum[0] << 2 | quantum[1] >> 4);
            out[1] = (byte) (quantum[1] << 4 | quantum[2] >> 2);
            out[2] = (byte) (quantum[2] << 6 | quantum[3]);
            sink.write(out, 0, count);
            chars = 0;
        }
    }
}
