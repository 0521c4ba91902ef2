package dev.mnc.runtime;

/**
 * A read-only window onto a tensor inside a session's arena, handed to a {@link TensorObserver}:
 * the elements are {@code array()[offset() .. offset() + size())} in row-major order. Valid only
 * during the observer call (see {@link TensorObserver}); {@link #toTensor()} copies it out.
 */
public final class TensorView {
    private String name;
    private DType dtype;
    private int[] shape;
    private int size;
    private Object array;
    private int offset;

    TensorView() {}

    void point(String name, DType dtype, int[] shape, int size, Object array, int offset) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape;
        this.size = size;
        this.array = array;
        this.offset = offset;
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Offset of the first element in the arrays returned by {@link #floats()} and friends. */
    public int offset() {
        return offset;
    }

    /** The f32 arena (not a copy; read only {@code [offset, offset+size)}); throws for other dtypes. */
    public float[] floats() {
        if (dtype != DType.F32) {
            throw new IllegalStateException("tensor '" + name + "' is " + dtype.text() + ", not f32");
        }
        return (float[]) array;
    }

    /** The byte arena for i8, u8 and bool tensors (not a copy). */
    public byte[] bytes() {
        if (dtype.byteSize() != 1) {
            throw new IllegalStateException("tensor '" + name + "' is " + dtype.text() + ", not a byte type");
        }
        return (byte[]) array;
    }

    /** Element i (0-based within this tensor) as a double, whatever the dtype (u8 unsigned). */
    public double get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("element " + i + " of " + size);
        }
        int j = offset + i;
        return switch (dtype) {
            case F32 -> ((float[]) array)[j];
            case I8, BOOL -> ((byte[]) array)[j];
            case U8 -> ((byte[]) array)[j] & 0xff;
            case I16 -> ((short[]) array)[j];
            case I32 -> ((int[]) array)[j];
            case I64 -> ((long[]) array)[j];
        };
    }

    /** Copies the elements into {@code dst} (an array of this dtype's Java type) at {@code dstOffset}. */
    public void copyTo(Object dst, int dstOffset) {
        System.arraycopy(array, offset, dst, dstOffset, size);
    }

    /** A fresh tensor holding a copy of the elements. */
    public Tensor toTensor() {
        Object copy = Tensor.newArray(dtype, size);
        System.arraycopy(array, offset, copy, 0, size);
        return Tensor.wrap(dtype, shape, copy);
    }
}
