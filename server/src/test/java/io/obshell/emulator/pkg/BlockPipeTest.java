package io.obshell.emulator.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class BlockPipeTest {

    @Test
    void theReaderGetsEveryByteInOrderThenTheEnd() throws Exception {
        byte[] bytes = new byte[BlockPipe.BLOCK_SIZE * BlockPipe.BLOCKS * 3 + 12_345];
        new Random(7).nextBytes(bytes);
        BlockPipe pipe = new BlockPipe();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = pipe.input()) {
                // Odd-sized reads and single bytes, as the form's reader makes them.
                byte[] all = new byte[bytes.length];
                int at = 0;
                while (at < 10) {
                    all[at++] = (byte) in.read();
                }
                int n;
                while ((n = in.read(all, at, Math.min(7_777, all.length - at))) > 0) {
                    at += n;
                }
                assertThat(in.read()).isEqualTo(-1);
                return at == all.length ? all : null;
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });

        pipe.pump(new ByteArrayInputStream(bytes));

        assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(bytes);
    }

    @Test
    void aReaderThatStopsEarlyStopsTheWriterWhoseSourceIsNotReadToItsEnd() throws Exception {
        CountingInput source = new CountingInput(1L << 40);
        BlockPipe pipe = new BlockPipe();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (InputStream in = pipe.input()) {
                in.readNBytes(BlockPipe.BLOCK_SIZE + 1);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });

        pipe.pump(source);

        reader.get(30, TimeUnit.SECONDS);
        assertThat(source.served).isLessThanOrEqualTo((long) BlockPipe.BLOCK_SIZE * (BlockPipe.BLOCKS + 2));
    }

    @Test
    void aSourceThatFailsEndsTheReadersStreamAndIsThrownToTheWriter() throws Exception {
        BlockPipe pipe = new BlockPipe();
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = pipe.input()) {
                return in.readAllBytes().length;
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        InputStream failing = new InputStream() {
            private int left = 1000;

            @Override
            public int read() {
                if (left-- == 0) {
                    throw new IllegalStateException("broken");
                }
                return 1;
            }
        };

        assertThatThrownBy(() -> pipe.pump(failing)).hasMessage("broken");
        // The block being filled is lost with the failure: the reader sees a stream cut short.
        assertThat(reader.get(30, TimeUnit.SECONDS)).isZero();
    }

    /** Zeros, as many as asked for up to {@code size}, counting what it served. */
    private static final class CountingInput extends InputStream {

        private final long size;
        volatile long served;

        CountingInput(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (served == size) {
                return -1;
            }
            served++;
            return 0;
        }

        @Override
        public int read(byte[] bytes, int off, int len) {
            int n = (int) Math.min(len, size - served);
            if (n == 0) {
                return -1;
            }
            served += n;
            return n;
        }
    }
}
