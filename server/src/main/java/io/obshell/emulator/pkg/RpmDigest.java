package io.obshell.emulator.pkg;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * What {@code rpm.MD5Check} digests (every byte after the padded signature header), taken
 * while an RPM is written, so the check need not read the file again: the signature header's
 * length is known from the 16 bytes after the lead. Only meaningful for a file whose lead and
 * signature header read back whole; {@link RpmReader#md5Check(java.nio.file.Path, Result)}
 * uses it only when the header it parsed ends where this one assumed.
 */
final class RpmDigest extends FilterOutputStream {

    /**
     * The digest of the bytes from {@code from} to the end of the file.
     *
     * @param from   where the digested bytes start, -1 when the file was too short to tell
     * @param count  how many bytes were digested
     * @param digest their MD5
     */
    record Result(long from, long count, byte[] digest) {
    }

    private static final int INTRO_AT = RpmReader.LEAD_SIZE;
    private static final int INTRO_SIZE = 16;

    private final MessageDigest md5;
    private final byte[] intro = new byte[INTRO_SIZE];
    private long position;
    private long from = -1;
    private long count;

    RpmDigest(OutputStream out) {
        super(out);
        md5 = RpmReader.md5();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        out.write(bytes, off, len);
        long at = position;
        position += len;
        if (from < 0 && at < INTRO_AT + INTRO_SIZE && position > INTRO_AT) {
            int first = (int) Math.max(at, INTRO_AT);
            int last = (int) Math.min(position, INTRO_AT + INTRO_SIZE);
            System.arraycopy(bytes, off + (int) (first - at), intro, first - INTRO_AT, last - first);
            if (last == INTRO_AT + INTRO_SIZE) {
                long indexCount = uint32(intro, 8);
                long size = uint32(intro, 12);
                from = INTRO_AT + INTRO_SIZE + indexCount * 16 + size + (8 - size % 8) % 8;
            }
        }
        if (from >= 0 && position > from) {
            int skip = (int) Math.max(0, from - at);
            md5.update(bytes, off + skip, len - skip);
            count += len - skip;
        }
    }

    /** Call once, when everything was written. */
    Result result() {
        return new Result(from, count, md5.digest());
    }

    private static long uint32(byte[] bytes, int at) {
        return ((bytes[at] & 0xffL) << 24) | ((bytes[at + 1] & 0xffL) << 16)
                | ((bytes[at + 2] & 0xffL) << 8) | (bytes[at + 3] & 0xffL);
    }
}
