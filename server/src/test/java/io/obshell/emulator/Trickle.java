package io.obshell.emulator;

import java.io.InputStream;
import java.util.function.IntSupplier;

/** Bytes delivered in pieces of the sizes a supplier picks, as a network delivers a body. */
public final class Trickle extends InputStream {

    private final byte[] bytes;
    private final IntSupplier pieceSize;
    private int at;

    public Trickle(byte[] bytes, IntSupplier pieceSize) {
        this.bytes = bytes;
        this.pieceSize = pieceSize;
    }

    @Override
    public int read() {
        return at < bytes.length ? bytes[at++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int off, int len) {
        if (at == bytes.length) {
            return -1;
        }
        int n = Math.min(Math.min(len, bytes.length - at), pieceSize.getAsInt());
        System.arraycopy(bytes, at, buffer, off, n);
        at += n;
        return n;
    }
}
