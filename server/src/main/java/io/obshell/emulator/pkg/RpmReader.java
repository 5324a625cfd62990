package io.obshell.emulator.pkg;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import io.obshell.emulator.secure.NativeRsa;

/**
 * Reads RPM files the way obshell's RPM library (cavaliergopher/rpm v1.2.0) does, checks and
 * error texts included: that library's quirks are what a client sees in P2 errors
 * (envelope-errors.md §2.4). Reads are Go reads on a file: a short read is not an error, only
 * a read that finds nothing is ({@code EOF}); {@code io.ReadFull} adds {@code unexpected EOF}.
 */
final class RpmReader {

    static final byte[] LEAD_MAGIC = {(byte) 0xED, (byte) 0xAB, (byte) 0xEE, (byte) 0xDB};
    static final int LEAD_SIZE = 96;
    static final int SIGNATURE_TYPE_HEADERSIG = 5;
    static final int MAX_HEADER_SIZE = 33_554_432;

    static final int SIGTAG_SIZE = 1000;
    static final int SIGTAG_MD5 = 1004;

    static final int TAG_NAME = 1000;
    static final int TAG_VERSION = 1001;
    static final int TAG_RELEASE = 1002;
    static final int TAG_SIZE = 1009;
    static final int TAG_ARCH = 1022;
    static final int TAG_FILESIZES = 1028;
    static final int TAG_FILEMODES = 1030;
    static final int TAG_FILEMTIMES = 1034;
    static final int TAG_FILEDIGESTS = 1035;
    static final int TAG_FILELINKTOS = 1036;
    static final int TAG_FILEFLAGS = 1037;
    static final int TAG_FILEUSERNAME = 1039;
    static final int TAG_FILEGROUPNAME = 1040;
    static final int TAG_DIRINDEXES = 1116;
    static final int TAG_BASENAMES = 1117;
    static final int TAG_DIRNAMES = 1118;
    static final int TAG_PAYLOADFORMAT = 1124;
    static final int TAG_PAYLOADCOMPRESSOR = 1125;

    /** The parsed headers and where the payload starts. */
    record Rpm(RpmHeader signature, RpmHeader header, long payloadOffset) {
    }

    private RpmReader() {
    }

    /**
     * The signature header and where it ends: {@code rpm.MD5Check} compares its MD5 tag with the
     * digest of every byte after {@code end}, of which there must be exactly its size tag's count.
     */
    record Signature(RpmHeader header, long end) {

        /** The bytes after the signature header, with their MD5. */
        record Digest(long count, byte[] md5) {
        }

        /** The MD5 check's outcome for what {@link #digest} found. */
        void check(Digest digest) throws RpmFormatException {
            if (digest.count() != header.int64(SIGTAG_SIZE)
                    || !MessageDigest.isEqual(header.bytes(SIGTAG_MD5), digest.md5())) {
                throw new RpmFormatException("MD5 checksum validation failed");
            }
        }

        /** Reads {@code file} from {@link #end} to its end, digesting it. */
        Digest digest(Path file) throws IOException {
            MessageDigest md5 = md5();
            ByteBuffer buffer = ByteBuffer.allocate(DIGEST_READ);
            long count = 0;
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                in.position(end);
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    md5.update(buffer.array(), 0, n);
                    count += n;
                    buffer.clear();
                }
            }
            return new Digest(count, md5.digest());
        }
    }

    /**
     * What one read of the MD5 check takes: the JDK reads into a heap buffer through a direct
     * one of the same size, kept per thread, so it stays small.
     */
    private static final int DIGEST_READ = 256 * 1024;

    /**
     * {@code rpm.MD5Check}: lead, signature type 5, signature header, then the MD5 of
     * everything after it must equal tag 1004 over exactly tag-1000 bytes.
     */
    static RpmHeader md5Check(Path file) throws IOException {
        Signature signature = signature(file);
        signature.check(signature.digest(file));
        return signature.header();
    }

    /**
     * The part of {@link #md5Check} before the digest: lead, signature type 5, signature header
     * with its size and MD5 tags, failing as the check does.
     */
    static Signature signature(Path file) throws IOException {
        try (GoReader in = new GoReader(Files.newInputStream(file))) {
            int signatureType = readLead(in);
            if (signatureType != SIGNATURE_TYPE_HEADERSIG) {
                throw RpmFormatException.rpm("unknown signature type: %x", signatureType);
            }
            RpmHeader signature = readHeader(in, true);
            if (signature.int64(SIGTAG_SIZE) == 0) {
                throw RpmFormatException.rpm("tag not found: RPMSIGTAG_SIZE");
            }
            if (signature.bytes(SIGTAG_MD5) == null) {
                throw RpmFormatException.rpm("tag not found: RPMSIGTAG_MD5");
            }
            return new Signature(signature, in.position());
        }
    }

    /** {@code rpm.Read}: lead, signature header (padded), main header; not the payload. */
    static Rpm read(Path file) throws IOException {
        try (GoReader in = new GoReader(Files.newInputStream(file))) {
            readLead(in);
            RpmHeader signature = readHeader(in, true);
            RpmHeader header = readHeader(in, false);
            return new Rpm(signature, header, in.position());
        }
    }

    /** Package.Files() names: dirnames[dirindexes[i]] + basenames[i], as the Go library builds them. */
    static String[] fileNames(RpmHeader header) throws RpmFormatException {
        String[] names = header.strings(TAG_BASENAMES);
        if (names == null) {
            return new String[0];
        }
        long[] indexes = header.int64s(TAG_DIRINDEXES);
        String[] dirs = header.strings(TAG_DIRNAMES);
        // The library indexes every per-file tag without a length check: a short one panics.
        int[] perFileInts = {TAG_FILEMODES, TAG_FILESIZES, TAG_FILEMTIMES, TAG_FILEFLAGS};
        int[] perFileStrings = {TAG_FILEUSERNAME, TAG_FILEGROUPNAME, TAG_FILEDIGESTS, TAG_FILELINKTOS};
        String[] files = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            if (indexes == null || indexes.length <= i || dirs == null
                    || indexes[i] < 0 || indexes[i] >= dirs.length) {
                throw RpmFormatException.panic("runtime error: index out of range");
            }
            for (int tag : perFileInts) {
                long[] values = header.int64s(tag);
                if (values == null || values.length <= i) {
                    throw RpmFormatException.panic("runtime error: index out of range");
                }
            }
            for (int tag : perFileStrings) {
                String[] values = header.strings(tag);
                if (values == null || values.length <= i) {
                    throw RpmFormatException.panic("runtime error: index out of range");
                }
            }
            files[i] = dirs[(int) indexes[i]] + names[i];
        }
        return files;
    }

    static String hex(byte[] bytes) {
        return bytes == null ? "" : HexFormat.of().formatHex(bytes);
    }

    /** readLead: 96 bytes, the magic, major version 3 or 4; returns the signature type. */
    private static int readLead(GoReader in) throws IOException {
        byte[] lead = in.readFull(LEAD_SIZE);
        if (!Arrays.equals(lead, 0, 4, LEAD_MAGIC, 0, 4)) {
            throw RpmFormatException.rpm("invalid file descriptor");
        }
        int major = lead[4] & 0xff;
        if (major < 3 || major > 4) {
            throw RpmFormatException.rpm("unsupported rpm version: %d", major);
        }
        return ((lead[78] & 0xff) << 8) | (lead[79] & 0xff);
    }

    /**
     * readHeader: the 16-byte intro (its magic is not checked), the index, the store, each value
     * decoded by type with the library's range checks, then padding to 8 when asked.
     */
    private static RpmHeader readHeader(GoReader in, boolean pad) throws IOException {
        byte[] intro = in.read(16);
        long indexCount = uint32(intro, 8);
        long size = uint32(intro, 12);
        if (size > MAX_HEADER_SIZE) {
            throw RpmFormatException.rpm("header size exceeds the maximum of %d: %d", MAX_HEADER_SIZE, size);
        }
        if (indexCount * 16 > MAX_HEADER_SIZE) {
            // The library prints the store size here, not the index size.
            throw RpmFormatException.rpm("header index size exceeds the maximum of %d: %d", MAX_HEADER_SIZE, size);
        }
        int count = (int) indexCount;
        long[][] index = new long[count][];
        for (int i = 0; i < count; i++) {
            byte[] entry = in.read(16);
            long offset = uint32(entry, 8);
            if (offset >= size) {
                // Go's %s applied to an int.
                throw RpmFormatException.rpm("offset of index %d is out of range: %%!s(int=%d)", i, offset);
            }
            index[i] = new long[] {uint32(entry, 0), uint32(entry, 4), offset, uint32(entry, 12)};
        }
        byte[] store = in.readFull((int) size);
        Map<Integer, RpmHeader.Tag> tags = new HashMap<>();
        for (int i = 0; i < count; i++) {
            long tagId = index[i][0];
            long type = index[i][1];
            long valueCount = index[i][3];
            if (valueCount < 1) {
                throw RpmFormatException.rpm("invalid value count for index %d: %d", i, valueCount);
            }
            Object value = decode(store, (int) index[i][2], type, valueCount, i + 1);
            tags.put((int) tagId, new RpmHeader.Tag((int) tagId, type, value));
        }
        long padding = (8 - size % 8) % 8;
        if (pad && padding != 0) {
            in.skipExactly(padding);
        }
        return new RpmHeader(tags);
    }

    private static Object decode(byte[] store, int offset, long type, long valueCount, int ordinal)
            throws RpmFormatException {
        long length = store.length;
        if (type == RpmHeader.TYPE_BINARY || type == RpmHeader.TYPE_CHAR || type == RpmHeader.TYPE_INT8) {
            if (offset + valueCount > length) {
                String kind = type == RpmHeader.TYPE_BINARY ? "binary" : type == RpmHeader.TYPE_CHAR ? "uint8" : "int8";
                throw RpmFormatException.rpm("%s value for index %d is out of range", kind, ordinal);
            }
            return Arrays.copyOfRange(store, offset, offset + (int) valueCount);
        }
        if (type == RpmHeader.TYPE_INT16 || type == RpmHeader.TYPE_INT32 || type == RpmHeader.TYPE_INT64) {
            int width = type == RpmHeader.TYPE_INT16 ? 2 : type == RpmHeader.TYPE_INT32 ? 4 : 8;
            if (offset + valueCount * width > length) {
                throw RpmFormatException.rpm("int%d value for index %d is out of range", width * 8, ordinal);
            }
            long[] values = new long[(int) valueCount];
            for (int v = 0; v < values.length; v++) {
                int at = offset + v * width;
                values[v] = width == 2 ? ((store[at] & 0xffL) << 8) | (store[at + 1] & 0xffL)
                        : width == 4 ? uint32(store, at) : int64(store, at);
            }
            return values;
        }
        if (type == RpmHeader.TYPE_STRING || type == RpmHeader.TYPE_STRING_ARRAY
                || type == RpmHeader.TYPE_I18N_STRING) {
            if (offset + valueCount > length) {
                throw RpmFormatException.rpm("[]string value for index %d is out of range", ordinal);
            }
            String[] values = new String[(int) valueCount];
            int o = offset;
            for (int s = 0; s < values.length; s++) {
                int j = 0;
                while (o + j < store.length && store[o + j] != 0) {
                    j++;
                }
                if (j == store.length) {
                    throw RpmFormatException.rpm("string value for index %d is out of range", ordinal);
                }
                if (o > store.length) {
                    throw RpmFormatException.panic("runtime error: slice bounds out of range");
                }
                values[s] = new String(store, o, j, java.nio.charset.StandardCharsets.UTF_8);
                o += j + 1;
            }
            return values;
        }
        if (type == RpmHeader.TYPE_NULL) {
            return null;
        }
        // "%0X" of a TagType, a fmt.Stringer: the hex of its String(), "UNKNOWN" for these types.
        throw RpmFormatException.rpm("unknown index data type: %s", "554E4B4E4F574E");
    }

    private static long uint32(byte[] bytes, int at) {
        return ((bytes[at] & 0xffL) << 24) | ((bytes[at + 1] & 0xffL) << 16)
                | ((bytes[at + 2] & 0xffL) << 8) | (bytes[at + 3] & 0xffL);
    }

    private static long int64(byte[] bytes, int at) {
        return (uint32(bytes, at) << 32) | uint32(bytes, at + 4);
    }

    /**
     * An MD5 digest, the native provider's when there is one: it runs at full speed from its
     * first byte, where the JDK's waits for the JIT, which a fresh server is busy with.
     */
    static MessageDigest md5() {
        Provider provider = NativeRsa.provider();
        try {
            if (provider != null) {
                return MessageDigest.getInstance("MD5", provider);
            }
        } catch (NoSuchAlgorithmException e) {
            // The JDK's below gives the same digest.
        }
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    /** Go's reads on a file, and the position reached. */
    private static final class GoReader implements AutoCloseable {

        private final InputStream in;
        private long position;

        GoReader(InputStream in) {
            this.in = new BufferedInputStream(in, 64 * 1024);
        }

        long position() {
            return position;
        }

        /** {@code Read}: what is there, zero-filled; EOF only when nothing is. */
        byte[] read(int length) throws IOException {
            byte[] buffer = new byte[length];
            int n = in.readNBytes(buffer, 0, length);
            position += n;
            if (n == 0 && length > 0) {
                throw new RpmFormatException("EOF");
            }
            return buffer;
        }

        /** {@code io.ReadFull}. */
        byte[] readFull(int length) throws IOException {
            byte[] buffer = new byte[length];
            int n = in.readNBytes(buffer, 0, length);
            position += n;
            if (n < length) {
                throw new RpmFormatException(n == 0 ? "EOF" : "unexpected EOF");
            }
            return buffer;
        }

        /** {@code io.CopyN(io.Discard, r, n)}: EOF when fewer bytes remain. */
        void skipExactly(long count) throws IOException {
            long skipped = 0;
            while (skipped < count && in.read() >= 0) {
                skipped++;
            }
            position += skipped;
            if (skipped < count) {
                throw new RpmFormatException("EOF");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
