package dev.mnc.runtime.kernels;

import dev.mnc.runtime.DType;

/**
 * Element type conversion, as ONNX Cast: float to integer truncates toward zero (saturating at the
 * Java int/long range, NaN giving 0), integer to narrower integer keeps the low bits, anything to
 * bool is {@code value != 0}, u8 is read unsigned.
 */
public final class Cast {
    private Cast() {}

    public static void run(DType from, Object src, int so, DType to, Object dst, int dOff, int n) {
        if (from == DType.F32) {
            float[] s = (float[]) src;
            for (int i = 0; i < n; i++) {
                store(to, dst, dOff + i, s[so + i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                store(to, dst, dOff + i, loadLong(from, src, so + i));
            }
        }
    }

    /** Element i of an integer (or bool) array widened to long; u8 unsigned. */
    public static long loadLong(DType t, Object a, int i) {
        return switch (t) {
            case I8, BOOL -> ((byte[]) a)[i];
            case U8 -> ((byte[]) a)[i] & 0xff;
            case I16 -> ((short[]) a)[i];
            case I32 -> ((int[]) a)[i];
            case I64 -> ((long[]) a)[i];
            case F32 -> (long) ((float[]) a)[i];
        };
    }

    private static void store(DType t, Object a, int i, float v) {
        switch (t) {
            case F32 -> ((float[]) a)[i] = v;
            case BOOL -> ((byte[]) a)[i] = (byte) (v != 0f ? 1 : 0);
            case I64 -> ((long[]) a)[i] = (long) v;
            default -> store(t, a, i, (long) v);
        }
    }

    private static void store(DType t, Object a, int i, long v) {
        switch (t) {
            case F32 -> ((float[]) a)[i] = v;
            case BOOL -> ((byte[]) a)[i] = (byte) (v != 0 ? 1 : 0);
            case I8, U8 -> ((byte[]) a)[i] = (byte) v;
            case I16 -> ((short[]) a)[i] = (short) v;
            case I32 -> ((int[]) a)[i] = (int) v;
            case I64 -> ((long[]) a)[i] = v;
        }
    }
}
