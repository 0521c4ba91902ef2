package dev.mnc.runtime.format;

import dev.mnc.runtime.ModelFormatException;
import java.nio.ByteBuffer;

/**
 * A bounds-checked little-endian reader over one region [start, end) of a file buffer. Every read
 * past the end is a {@link ModelFormatException} naming the file and the region, never an
 * {@code IndexOutOfBoundsException}.
 */
final class Cursor {
    private final ByteBuffer buf;
    private final String source;
    private final String region;
    private final int end;
    private int pos;

    Cursor(ByteBuffer buf, String source, String region, long start, long length) throws ModelFormatException {
        this.buf = buf;
        this.source = source;
        this.region = region;
        if (start < 0 || length < 0 || start + length > buf.limit()) {
            throw new ModelFormatException(source, region + " at offset " + start + " with length " + length
                    + " lies outside the file of " + buf.limit() + " bytes");
        }
        this.pos = (int) start;
        this.end = (int) (start + length);
    }

    ModelFormatException error(String problem) {
        return new ModelFormatException(source, region + ": " + problem);
    }

    int remaining() {
        return end - pos;
    }

    int position() {
        return pos;
    }

    private void need(int n) throws ModelFormatException {
        if (n > end - pos) {
            throw error("truncated: needs " + n + " more bytes at offset " + pos + ", has " + (end - pos));
        }
    }

    int u8() throws ModelFormatException {
        need(1);
        return buf.get(pos++) & 0xff;
    }

    int u16() throws ModelFormatException {
        need(2);
        int v = buf.getShort(pos) & 0xffff;
        pos += 2;
        return v;
    }

    int i32() throws ModelFormatException {
        need(4);
        int v = buf.getInt(pos);
        pos += 4;
        return v;
    }

    /** An unsigned 32-bit count or index that must be at most {@code max}. */
    int u32(String what, long max) throws ModelFormatException {
        long v = i32() & 0xffffffffL;
        if (v > max) {
            throw error(what + " " + v + " exceeds " + max);
        }
        return (int) v;
    }

    float f32() throws ModelFormatException {
        return Float.intBitsToFloat(i32());
    }

    long i64() throws ModelFormatException {
        need(8);
        long v = buf.getLong(pos);
        pos += 8;
        return v;
    }

    /** A non-negative 64-bit offset or length. */
    long u63(String what) throws ModelFormatException {
        long v = i64();
        if (v < 0) {
            throw error(what + " " + Long.toUnsignedString(v) + " is out of range");
        }
        return v;
    }

    void bytes(byte[] dst) throws ModelFormatException {
        need(dst.length);
        buf.get(pos, dst);
        pos += dst.length;
    }

    void skip(int n) throws ModelFormatException {
        need(n);
        pos += n;
    }

    void expectEnd() throws ModelFormatException {
        if (pos != end) {
            throw error((end - pos) + " unexpected trailing bytes");
        }
    }
}
