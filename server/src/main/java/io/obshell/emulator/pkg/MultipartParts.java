package io.obshell.emulator.pkg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * The parts of a multipart body, read from just after its first delimiter line, with the rules
 * the form reader has always had (those of commons-fileupload's {@code MultipartInput}, which
 * it used until now): headers end at the first CRLF CRLF and may not pass 512 bytes; a body
 * ends at the first CRLF "--" boundary; after it, CRLF or a lone LF means another part and
 * "--" the end, anything else is malformed. Written here because that class finds the
 * delimiter byte by byte through a table, which cost two thirds of a 100 MB upload's CPU; this
 * one skips ahead by up to the delimiter's length (Boyer-Moore-Horspool) and keeps one fixed
 * buffer.
 */
final class MultipartParts {

    /** The stream broke off or does not follow the format. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    /** A part's header section passed {@link #HEADER_SIZE_MAX}. */
    static final class HeadersTooLarge extends IOException {
        HeadersTooLarge() {
            super("Header section has more than " + HEADER_SIZE_MAX + " bytes");
        }
    }

    static final int HEADER_SIZE_MAX = 512;
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    private final InputStream in;
    /** CR LF "--" boundary. */
    private final byte[] delimiter;
    private final byte[] buffer;
    private final int[] skip;
    private int head;
    private int tail;

    MultipartParts(InputStream in, byte[] boundary) {
        this.in = in;
        this.delimiter = new byte[boundary.length + 4];
        delimiter[0] = '\r';
        delimiter[1] = '\n';
        delimiter[2] = '-';
        delimiter[3] = '-';
        System.arraycopy(boundary, 0, delimiter, 4, boundary.length);
        this.buffer = new byte[Math.max(64 * 1024, 2 * delimiter.length)];
        // How far the search may move when a window ends in a given byte: to the next place
        // where that byte could end a delimiter.
        this.skip = new int[256];
        Arrays.fill(skip, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            skip[delimiter[i] & 0xff] = delimiter.length - 1 - i;
        }
    }

    /** The next part's header section, up to and including its blank line. */
    String readHeaders() throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        int size = 0;
        while (matched < HEADER_END.length) {
            byte b = readByte();
            if (++size > HEADER_SIZE_MAX) {
                throw new HeadersTooLarge();
            }
            // As before: a mismatch restarts the match from scratch.
            matched = b == HEADER_END[matched] ? matched + 1 : 0;
            headers.write(b);
        }
        return headers.toString(Charset.defaultCharset());
    }

    /**
     * Copies the part's body up to its delimiter to {@code out} (null: discards it) and returns
     * how many bytes it had. A failure of the input or of {@code out} is thrown as it is.
     */
    long readBody(OutputStream out) throws IOException {
        long total = 0;
        while (true) {
            int found = indexOfDelimiter();
            int end = found >= 0 ? found : Math.max(head, tail - delimiter.length + 1);
            if (end > head) {
                if (out != null) {
                    out.write(buffer, head, end - head);
                }
                total += end - head;
                head = end;
            }
            if (found >= 0) {
                head += delimiter.length;
                return total;
            }
            System.arraycopy(buffer, head, buffer, 0, tail - head);
            tail -= head;
            head = 0;
            int n = in.read(buffer, tail, buffer.length - tail);
            if (n < 0) {
                throw new Malformed("Stream ended unexpectedly");
            }
            tail += n;
        }
    }

    /** After a body: whether another part follows (CRLF, or a lone LF) or the form ended ("--"). */
    boolean readBoundary() throws IOException {
        byte first = readByte();
        if (first == '\n') {
            return true;
        }
        byte second = readByte();
        if (first == '-' && second == '-') {
            return false;
        }
        if (first == '\r' && second == '\n') {
            return true;
        }
        throw new Malformed("Unexpected characters follow a boundary");
    }

    /** The first delimiter in {@code buffer[head, tail)}, or -1 (Boyer-Moore-Horspool). */
    private int indexOfDelimiter() {
        int m = delimiter.length;
        byte lastByte = delimiter[m - 1];
        for (int i = head; i <= tail - m; i += skip[buffer[i + m - 1] & 0xff]) {
            if (buffer[i + m - 1] == lastByte && Arrays.equals(buffer, i, i + m - 1, delimiter, 0, m - 1)) {
                return i;
            }
        }
        return -1;
    }

    /** One byte; a failed or finished input is malformed here, between bodies. */
    private byte readByte() throws IOException {
        if (head == tail) {
            int n;
            try {
                n = in.read(buffer, 0, buffer.length);
            } catch (IOException e) {
                throw new Malformed("Stream ended unexpectedly");
            }
            if (n <= 0) {
                throw new Malformed("Stream ended unexpectedly");
            }
            head = 0;
            tail = n;
        }
        return buffer[head++];
    }
}
