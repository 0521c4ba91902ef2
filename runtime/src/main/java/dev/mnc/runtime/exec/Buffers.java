package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.format.Format;

/**
 * The arenas of one session: one array per element kind, sized by the model's memory plan and
 * allocated once when the session is created. A tensor's elements are found by {@link #array} and
 * {@link #offset}: the arena and the planned offset for computed tensors, the decoded constant
 * and 0 for constants.
 */
public final class Buffers {
    final float[] f32;
    final byte[] bytes;
    final short[] i16;
    final int[] i32;
    final long[] i64;

    Buffers(long[] sizes) {
        f32 = new float[(int) sizes[Format.ARENA_F32]];
        bytes = new byte[(int) sizes[Format.ARENA_BYTE]];
        i16 = new short[(int) sizes[Format.ARENA_I16]];
        i32 = new int[(int) sizes[Format.ARENA_I32]];
        i64 = new long[(int) sizes[Format.ARENA_I64]];
    }

    /** The array holding the slot's elements. */
    public Object array(Slot s) {
        if (s.constant != null) {
            return s.constant;
        }
        return arena(s.dtype);
    }

    Object arena(DType dtype) {
        return switch (dtype) {
            case F32 -> f32;
            case I8, U8, BOOL -> bytes;
            case I16 -> i16;
            case I32 -> i32;
            case I64 -> i64;
        };
    }

    /** The f32 array holding the slot's elements. */
    public float[] floats(Slot s) {
        return (float[]) array(s);
    }

    /** Offset of the slot's first element in {@link #array}. */
    public int offset(Slot s) {
        return s.constant != null ? 0 : s.offset;
    }
}
