package dev.mnc.runtime;

import java.util.Arrays;

/**
 * A dense tensor: element type, shape and flat row-major data in the Java array that fits the type
 * (see {@link DType}). Tensors wrap the array they are given without copying, and the typed
 * accessors return that same array: cheap for large inputs, so callers must not change an array
 * after handing it to a tensor that is still in use. Outputs of {@link Session#run} are fresh
 * tensors that the caller owns.
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final Object data;
    private final int size;

    private Tensor(DType dtype, int[] shape, Object data, int length) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
        this.size = length;
        long n = 1;
        for (int d : this.shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor dims must not be negative, got " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements");
            }
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " elements, the "
                    + dtype.text() + " data has " + length);
        }
    }

    public static Tensor ofFloats(int[] shape, float[] data) {
        return new Tensor(DType.F32, shape, data, data.length);
    }

    /** A byte tensor: {@code dtype} is {@link DType#I8}, {@link DType#U8} or {@link DType#BOOL}. */
    public static Tensor ofBytes(DType dtype, int[] shape, byte[] data) {
        if (dtype.byteSize() != 1) {
            throw new IllegalArgumentException(dtype.text() + " is not a byte type (i8, u8, bool)");
        }
        return new Tensor(dtype, shape, data, data.length);
    }

    public static Tensor ofShorts(int[] shape, short[] data) {
        return new Tensor(DType.I16, shape, data, data.length);
    }

    public static Tensor ofInts(int[] shape, int[] data) {
        return new Tensor(DType.I32, shape, data, data.length);
    }

    public static Tensor ofLongs(int[] shape, long[] data) {
        return new Tensor(DType.I64, shape, data, data.length);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(DType dtype, int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= Math.max(d, 0);
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements");
        }
        return new Tensor(dtype, shape, newArray(dtype, (int) n), (int) n);
    }

    /** A fresh zeroed array of {@code n} elements of the Java type that holds {@code dtype}. */
    static Object newArray(DType dtype, int n) {
        return switch (dtype) {
            case F32 -> new float[n];
            case I8, U8, BOOL -> new byte[n];
            case I16 -> new short[n];
            case I32 -> new int[n];
            case I64 -> new long[n];
        };
    }

    /** Wraps an array of the type's Java class (no checks beyond the length). */
    static Tensor wrap(DType dtype, int[] shape, Object array) {
        return new Tensor(dtype, shape, array, length(array));
    }

    static int length(Object array) {
        if (array instanceof float[] a) {
            return a.length;
        } else if (array instanceof byte[] a) {
            return a.length;
        } else if (array instanceof short[] a) {
            return a.length;
        } else if (array instanceof int[] a) {
            return a.length;
        }
        return ((long[]) array).length;
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** The f32 data (not a copy); throws naming both types when this is not an f32 tensor. */
    public float[] floats() {
        return (float[]) typed(DType.F32);
    }

    /** The i8, u8 or bool data (not a copy); u8 values are the same bits, read them with {@code & 0xff}. */
    public byte[] bytes() {
        if (dtype.byteSize() != 1) {
            throw new IllegalStateException("tensor is " + dtype.text() + ", not a byte type (i8, u8, bool)");
        }
        return (byte[]) data;
    }

    public short[] shorts() {
        return (short[]) typed(DType.I16);
    }

    public int[] ints() {
        return (int[]) typed(DType.I32);
    }

    public long[] longs() {
        return (long[]) typed(DType.I64);
    }

    /** The shape array itself, not a copy: for checks inside the runtime that must not allocate. */
    int[] shapeRef() {
        return shape;
    }

    /** The backing array, whatever its type. */
    Object array() {
        return data;
    }

    private Object typed(DType want) {
        if (dtype != want) {
            throw new IllegalStateException("tensor is " + dtype.text() + ", not " + want.text());
        }
        return data;
    }

    /** {@code f32[1,1000]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(dtype.text()).append('[');
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? "," : "").append(shape[i]);
        }
        return sb.append(']').toString();
    }
}
