package io.obshell.emulator.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands a stream to a reader on another thread in a few large blocks, so that producing the
 * bytes (the request thread decrypting the body) and consuming them (reading the form and
 * writing the package to disk) run at once. Its memory is fixed: {@link #BLOCKS} blocks of
 * {@link #BLOCK_SIZE} bytes. Not {@link java.io.PipedInputStream}: that one moves bytes under a
 * lock, one buffer's worth at a time, and polls each side once a second.
 */
final class BlockPipe {

    static final int BLOCKS = 4;
    static final int BLOCK_SIZE = 256 * 1024;

    private record Block(byte[] bytes, int length) {
    }

    private static final Block END = new Block(new byte[0], -1);

    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BLOCKS + 1);
    private final BlockingQueue<Block> full = new ArrayBlockingQueue<>(BLOCKS + 1);
    /** Set by the reader once it wants no more: the writer stops at its next block. */
    private volatile boolean closed;

    BlockPipe() {
        for (int i = 0; i < BLOCKS; i++) {
            free.add(new byte[BLOCK_SIZE]);
        }
    }

    /**
     * Writer's side: copies {@code source} into the pipe until it ends or the reader closed the
     * pipe, then marks the end. The reader sees every byte in order, then the end.
     */
    void pump(InputStream source) throws IOException {
        try {
            while (!closed) {
                byte[] block = free.take();
                if (closed) {
                    break;
                }
                int length = source.readNBytes(block, 0, block.length);
                if (length > 0) {
                    full.put(new Block(block, length));
                }
                if (length < block.length) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing the body on");
        } finally {
            // Never blocks: the queue holds at most BLOCKS blocks, and one more place is kept for it.
            full.add(END);
        }
    }

    /** Reader's side; closing it tells the writer to stop. Read by one thread. */
    InputStream input() {
        return new InputStream() {

            private Block current;
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (current == null || position == current.length()) {
                    if (current == END || closed) {
                        return -1;
                    }
                    if (current != null) {
                        free.add(current.bytes());
                        current = null;
                    }
                    try {
                        current = full.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while reading the body");
                    }
                    position = 0;
                    if (current == END) {
                        return -1;
                    }
                }
                int n = Math.min(len, current.length() - position);
                System.arraycopy(current.bytes(), position, bytes, off, n);
                position += n;
                return n;
            }

            @Override
            public void close() {
                if (closed) {
                    return;
                }
                closed = true;
                // Whatever the writer waits for: a free block, then it sees the pipe closed.
                if (current != null && current != END) {
                    free.add(current.bytes());
                }
                current = END;
                for (Block block; (block = full.poll()) != null; ) {
                    if (block != END) {
                        free.add(block.bytes());
                    }
                }
            }
        };
    }
}
