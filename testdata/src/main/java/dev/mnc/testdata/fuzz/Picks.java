package dev.mnc.testdata.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Random choices the mutators share. Positions lean toward both ends of a file, where the formats
 * keep their structure (headers and tables first in {@code .mnc}, the root table first and the
 * weights last in a flatbuffer); values lean toward the ones that break arithmetic: zero, one,
 * minus one, the limits of each width, and the value that was there, plus or minus one.
 */
final class Picks {
    /** Bytes that fill overwritten ranges: nothing, everything, and the signed limits. */
    static final byte[] FILL_BYTES = {0x00, (byte) 0xFF, 0x7F, (byte) 0x80};

    /** How far from each end a "structure" position may lie. */
    private static final int EDGE = 4096;

    private Picks() {}

    static <T> T one(List<T> items, SplittableRandom r) {
        return items.get(r.nextInt(items.size()));
    }

    static long one(long[] items, SplittableRandom r) {
        return items[r.nextInt(items.length)];
    }

    /** A position in [0, length): uniform half the time, else within {@value #EDGE} bytes of either end. */
    static int position(int length, SplittableRandom r) {
        int roll = r.nextInt(4);
        if (roll < 2 || length <= EDGE) {
            return r.nextInt(length);
        }
        return roll == 2 ? r.nextInt(EDGE) : length - 1 - r.nextInt(EDGE);
    }

    /** A range length: mostly a few bytes, sometimes a few hundred. */
    static int rangeLength(int max, SplittableRandom r) {
        int n = r.nextInt(4) == 0 ? 1 + r.nextInt(256) : 1 + r.nextInt(8);
        return Math.max(1, Math.min(n, max));
    }

    /**
     * A value that breaks arithmetic for a field of {@code width} bytes now holding {@code current}:
     * 0, 1, -1, the signed and unsigned limits of the width, current +- 1, current * 2, or random bits.
     */
    static long edgeValue(long current, int width, SplittableRandom r) {
        long signedMax = width >= 8 ? Long.MAX_VALUE : (1L << (8 * width - 1)) - 1;
        long signedMin = width >= 8 ? Long.MIN_VALUE : -(1L << (8 * width - 1));
        long unsignedMax = width >= 8 ? -1L : (1L << (8 * width)) - 1;
        return switch (r.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> -1;
            case 3 -> signedMax;
            case 4 -> signedMin;
            case 5 -> unsignedMax;
            case 6 -> current + 1;
            case 7 -> current - 1;
            case 8 -> current * 2;
            default -> r.nextLong();
        };
    }

    /** A copy of {@code b} with the little-endian field at [offset, offset+width) set to the low bytes of {@code v}. */
    static byte[] writeLittleEndian(byte[] b, int offset, int width, long v) {
        byte[] out = b.clone();
        for (int i = 0; i < width; i++) {
            out[offset + i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    /** The little-endian field at [offset, offset+width), sign-extended. */
    static long readLittleEndian(byte[] b, int offset, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v |= (b[offset + i] & 0xffL) << (8 * i);
        }
        int shift = 64 - 8 * width;
        return shift == 0 ? v : (v << shift) >> shift;
    }
}
