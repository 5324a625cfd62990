package io.obshell.emulator.secure;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.ServletRequest;

/**
 * A decrypted request body: in memory while small, spilled to a file in the data directory
 * past {@link #MEMORY_LIMIT}, so a 100 MB package never sits in the heap. Deleted when the
 * request ends.
 */
public final class DecryptedBody implements Closeable {

    static final int MEMORY_LIMIT = 1 << 20;
    private static final String ATTRIBUTE = DecryptedBody.class.getName();

    private final Path spoolDir;
    private byte[] memory;
    private int memoryLength;
    private Path file;
    private OutputStream fileOut;
    private long size;
    private int lastByte = -1;
    private final List<InputStream> opened = new ArrayList<>();

    DecryptedBody(Path spoolDir) {
        this(spoolDir, 8192);
    }

    /** {@code expected}: about how many bytes will be written (the buffer grows past it). */
    DecryptedBody(Path spoolDir, int expected) {
        this.spoolDir = spoolDir;
        this.memory = new byte[Math.max(16, Math.min(expected, MEMORY_LIMIT))];
    }

    /** The decrypted body of this request, or null when it was not encrypted. */
    public static DecryptedBody of(ServletRequest request) {
        return (DecryptedBody) request.getAttribute(ATTRIBUTE);
    }

    void attachTo(ServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    void write(byte[] bytes, int off, int len) {
        if (len == 0) {
            return;
        }
        try {
            if (file == null && memoryLength + len > MEMORY_LIMIT) {
                file = Files.createTempFile(spoolDir, "body-", ".bin");
                fileOut = Files.newOutputStream(file);
                fileOut.write(memory, 0, memoryLength);
                memory = null;
            }
            if (file != null) {
                fileOut.write(bytes, off, len);
            } else {
                if (memoryLength + len > memory.length) {
                    memory = Arrays.copyOf(memory, Math.max(memory.length * 2, memoryLength + len));
                }
                System.arraycopy(bytes, off, memory, memoryLength, len);
                memoryLength += len;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        size += len;
        lastByte = bytes[off + len - 1] & 0xff;
    }

    /** The last byte written, or -1 for an empty body. */
    int lastByte() {
        return lastByte;
    }

    /** Drops the last {@code count} bytes (the PKCS#7 padding, as obshell strips it). */
    void truncate(int count) {
        size -= count;
        try {
            if (file != null) {
                fileOut.close();
                fileOut = null;
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(size);
                }
            } else {
                memoryLength = (int) size;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long size() {
        return size;
    }

    /** The plaintext, from its start. May be called more than once. */
    public InputStream open() {
        if (file == null) {
            return new ByteArrayInputStream(memory, 0, memoryLength);
        }
        try {
            InputStream in = Files.newInputStream(file);
            // Closed with the body: a reader that forgets would keep the deleted file's space.
            opened.add(in);
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        for (InputStream in : opened) {
            in.close();
        }
        if (fileOut != null) {
            fileOut.close();
        }
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
