package dev.mnc.ir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Immutable contents of a constant tensor, stored flat in row-major order in the primitive array
 * that fits its {@link DType}: {@code float[]} for f32, {@code byte[]} for i8/u8/bool,
 * {@code short[]} for i16, {@code int[]} for i32, {@code long[]} for i64.
 *
 * <p>Accessors hand out the backing array without copying, for speed on multi-megabyte weights;
 * callers must not modify it. Builders that create new data pass ownership of a fresh array.
 */
public final class TensorData {
    private final DType dtype;
    private final Shape shape;
    private final Object array;

    private TensorData(DType dtype, Shape shape, Object array) {
        this.dtype = dtype;
        this.shape = shape;
        this.array = array;
        long n = shape.numElements();
        if (n != length(array)) {
            throw new MncException("tensor of shape " + shape + " needs " + n + " elements, got " + length(array));
        }
    }

    private static int length(Object array) {
        if (array instanceof float[] a) {
            return a.length;
        } else if (array instanceof byte[] a) {
            return a.length;
        } else if (array instanceof short[] a) {
            return a.length;
        } else if (array instanceof int[] a) {
            return a.length;
        } else if (array instanceof long[] a) {
            return a.length;
        }
        throw new IllegalArgumentException("unsupported array " + array.getClass());
    }

    public static TensorData ofFloats(Shape shape, float... data) {
        return new TensorData(DType.F32, shape, data);
    }

    public static TensorData ofInts(Shape shape, int... data) {
        return new TensorData(DType.I32, shape, data);
    }

    public static TensorData ofLongs(Shape shape, long... data) {
        return new TensorData(DType.I64, shape, data);
    }

    public static TensorData ofShorts(Shape shape, short... data) {
        return new TensorData(DType.I16, shape, data);
    }

    /** Byte-sized types: i8, u8 (stored as the same bits) and bool (0 or 1). */
    public static TensorData ofBytes(DType dtype, Shape shape, byte... data) {
        if (dtype.byteSize() != 1) {
            throw new IllegalArgumentException(dtype + " is not a byte type");
        }
        return new TensorData(dtype, shape, data);
    }

    /** A 1-D i64 vector, the form shapes and axes take during import. */
    public static TensorData vector(long... data) {
        return ofLongs(Shape.of(data.length), data);
    }

    public static TensorData scalar(float v) {
        return ofFloats(Shape.scalar(), v);
    }

    /** All zeros of the given type. */
    public static TensorData zeros(DType dtype, Shape shape) {
        int n = Math.toIntExact(shape.numElements());
        return switch (dtype) {
            case F32 -> ofFloats(shape, new float[n]);
            case I8, U8, BOOL -> ofBytes(dtype, shape, new byte[n]);
            case I16 -> ofShorts(shape, new short[n]);
            case I32 -> ofInts(shape, new int[n]);
            case I64 -> ofLongs(shape, new long[n]);
        };
    }

    /** Decodes little-endian raw bytes (ONNX raw_data, TFLite buffers) into a tensor. */
    public static TensorData fromLittleEndian(DType dtype, Shape shape, ByteBuffer raw) {
        long n = shape.numElements();
        long need = n * dtype.byteSize();
        if (raw.remaining() != need) {
            throw new MncException("tensor of type " + dtype + shape + " needs " + need + " bytes, got " + raw.remaining());
        }
        ByteBuffer b = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        int len = (int) n;
        return switch (dtype) {
            case F32 -> {
                float[] a = new float[len];
                b.asFloatBuffer().get(a);
                yield ofFloats(shape, a);
            }
            case I8, U8, BOOL -> {
                byte[] a = new byte[len];
                b.get(a);
                yield ofBytes(dtype, shape, a);
            }
            case I16 -> {
                short[] a = new short[len];
                b.asShortBuffer().get(a);
                yield ofShorts(shape, a);
            }
            case I32 -> {
                int[] a = new int[len];
                b.asIntBuffer().get(a);
                yield ofInts(shape, a);
            }
            case I64 -> {
                long[] a = new long[len];
                b.asLongBuffer().get(a);
                yield ofLongs(shape, a);
            }
        };
    }

    /** Encodes the data as little-endian bytes. */
    public byte[] toLittleEndian() {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> b.asFloatBuffer().put((float[]) array);
            case I8, U8, BOOL -> b.put((byte[]) array);
            case I16 -> b.asShortBuffer().put((short[]) array);
            case I32 -> b.asIntBuffer().put((int[]) array);
            case I64 -> b.asLongBuffer().put((long[]) array);
        }
        return b.array();
    }

    public DType dtype() {
        return dtype;
    }

    public Shape shape() {
        return shape;
    }

    public TensorType type() {
        return TensorType.of(dtype, shape);
    }

    public int size() {
        return length(array);
    }

    public long byteSize() {
        return (long) size() * dtype.byteSize();
    }

    /** Same data, new shape of the same element count (a free reshape). */
    public TensorData reshape(Shape newShape) {
        return new TensorData(dtype, newShape, array);
    }

    /**
     * A rank-4 NCHW tensor as NHWC floats ([N, H, W, C]; other element types converted as
     * {@link #toFloats}): how an image tensor meets a model whose input is channels-last.
     */
    public TensorData nchwToNhwcFloats() {
        int[] s = shape.toIntArray();
        int n = s[0];
        int c = s[1];
        int hw = s[2] * s[3];
        float[] src = dtype == DType.F32 ? floats() : toFloats();
        float[] out = new float[src.length];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int from = (b * c + ch) * hw;
                for (int p = 0; p < hw; p++) {
                    out[(b * hw + p) * c + ch] = src[from + p];
                }
            }
        }
        return ofFloats(Shape.of(n, s[2], s[3], c), out);
    }

    public float[] floats() {
        return (float[]) typed(DType.F32);
    }

    public byte[] bytes() {
        if (!(array instanceof byte[] a)) {
            throw new MncException("expected a byte tensor (i8/u8/bool), got " + dtype);
        }
        return a;
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

    private Object typed(DType want) {
        if (dtype != want) {
            throw new MncException("expected a " + want + " tensor, got " + dtype);
        }
        return array;
    }

    /** Element {@code i} widened to double, whatever the dtype (u8 read unsigned). */
    public double getDouble(int i) {
        return switch (dtype) {
            case F32 -> ((float[]) array)[i];
            case I8, BOOL -> ((byte[]) array)[i];
            case U8 -> ((byte[]) array)[i] & 0xff;
            case I16 -> ((short[]) array)[i];
            case I32 -> ((int[]) array)[i];
            case I64 -> ((long[]) array)[i];
        };
    }

    /** Element {@code i} as a long; floats must hold an integral value. */
    public long getLong(int i) {
        double d = getDouble(i);
        if (dtype == DType.I64) {
            return ((long[]) array)[i];
        }
        if (d != Math.rint(d)) {
            throw new MncException("expected an integer, got " + d);
        }
        return (long) d;
    }

    /** All elements as longs (for shapes, axes, indices of any integer type). */
    public long[] toLongs() {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** All elements converted to float. */
    public float[] toFloats() {
        if (dtype == DType.F32) {
            return ((float[]) array).clone();
        }
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    /** Converts to another element type (numeric cast, floats truncated toward zero as ONNX Cast does). */
    public TensorData cast(DType to) {
        if (to == dtype) {
            return this;
        }
        int n = size();
        switch (to) {
            case F32 -> {
                return ofFloats(shape, toFloats());
            }
            case I64 -> {
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (long) getDouble(i);
                }
                return ofLongs(shape, out);
            }
            case I32 -> {
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (int) (long) getDouble(i);
                }
                return ofInts(shape, out);
            }
            case I16 -> {
                short[] out = new short[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (short) (long) getDouble(i);
                }
                return ofShorts(shape, out);
            }
            case I8, U8 -> {
                byte[] out = new byte[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (byte) (long) getDouble(i);
                }
                return ofBytes(to, shape, out);
            }
            case BOOL -> {
                byte[] out = new byte[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (byte) (getDouble(i) != 0 ? 1 : 0);
                }
                return ofBytes(to, shape, out);
            }
        }
        throw new IllegalStateException(to.toString());
    }

    /** True when both have the same type, shape and bit-identical elements. */
    public boolean contentEquals(TensorData o) {
        if (o.dtype != dtype || !o.shape.equals(shape)) {
            return false;
        }
        return switch (dtype) {
            case F32 -> Arrays.equals((float[]) array, (float[]) o.array);
            case I8, U8, BOOL -> Arrays.equals((byte[]) array, (byte[]) o.array);
            case I16 -> Arrays.equals((short[]) array, (short[]) o.array);
            case I32 -> Arrays.equals((int[]) array, (int[]) o.array);
            case I64 -> Arrays.equals((long[]) array, (long[]) o.array);
        };
    }

    @Override
    public String toString() {
        return "TensorData" + dtype.text() + shape;
    }
}
