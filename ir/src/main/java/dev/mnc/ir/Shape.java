package dev.mnc.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable tensor shape: a list of {@link Dim}s, each static or named-dynamic. Most of the
 * compiler works on fully static shapes ({@link #isStatic()}); frontends bind dynamic dims first.
 */
public final class Shape {
    /** Tensors larger than this many elements are refused: no MobileNet tensor comes close. */
    public static final long MAX_ELEMENTS = 1L << 31;
    /** Deepest rank accepted anywhere. */
    public static final int MAX_RANK = 8;

    private final Dim[] dims;

    private Shape(Dim[] dims) {
        if (dims.length > MAX_RANK) {
            throw new MncException("rank " + dims.length + " exceeds the supported maximum of " + MAX_RANK);
        }
        this.dims = dims;
    }

    public static Shape of(long... sizes) {
        Dim[] d = new Dim[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            d[i] = Dim.of(sizes[i]);
        }
        return new Shape(d);
    }

    public static Shape of(int... sizes) {
        Dim[] d = new Dim[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            d[i] = Dim.of(sizes[i]);
        }
        return new Shape(d);
    }

    public static Shape of(List<Dim> dims) {
        return new Shape(dims.toArray(new Dim[0]));
    }

    public static Shape scalar() {
        return new Shape(new Dim[0]);
    }

    public int rank() {
        return dims.length;
    }

    public Dim dim(int axis) {
        return dims[axis];
    }

    /** The static size of {@code axis}; throws if it is dynamic. */
    public long size(int axis) {
        Dim d = dims[axis];
        if (!d.isStatic()) {
            throw new MncException("dimension " + axis + " of " + this + " is dynamic ('" + d.symbol()
                    + "'); bind it with --input-shape");
        }
        return d.size();
    }

    /** {@link #size(int)} as an int, for dims known to be small (all dims of accepted tensors are). */
    public int intSize(int axis) {
        return Math.toIntExact(size(axis));
    }

    public List<Dim> dims() {
        return List.of(dims);
    }

    public boolean isStatic() {
        for (Dim d : dims) {
            if (!d.isStatic()) {
                return false;
            }
        }
        return true;
    }

    /** Number of elements; requires a static shape and refuses overflowing or oversized products. */
    public long numElements() {
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            long s = size(i);
            if (s != 0 && n > MAX_ELEMENTS / s) {
                throw new MncException("shape " + this + " has more than " + MAX_ELEMENTS + " elements");
            }
            n *= s;
        }
        return n;
    }

    /** Static sizes as longs; throws on dynamic dims. */
    public long[] toLongArray() {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = size(i);
        }
        return out;
    }

    /** Static sizes as ints; throws on dynamic dims. */
    public int[] toIntArray() {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = intSize(i);
        }
        return out;
    }

    /** A copy with {@code axis} replaced. */
    public Shape with(int axis, Dim d) {
        Dim[] copy = dims.clone();
        copy[axis] = d;
        return new Shape(copy);
    }

    public Shape with(int axis, long size) {
        return with(axis, Dim.of(size));
    }

    /** The dims permuted: result[i] = this[perm[i]]. */
    public Shape permute(int[] perm) {
        if (perm.length != dims.length) {
            throw new MncException("permutation " + Arrays.toString(perm) + " does not match rank " + dims.length);
        }
        Dim[] out = new Dim[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = dims[perm[i]];
        }
        return new Shape(out);
    }

    /** Normalizes a possibly negative axis (numpy style) and checks its range. */
    public int axis(long axis) {
        long a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new MncException("axis " + axis + " is out of range for rank " + dims.length);
        }
        return (int) a;
    }

    public List<Dim> asList() {
        return new ArrayList<>(Arrays.asList(dims));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [1,3,224,224]} or {@code [batch,3,224,224]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(dims[i]);
        }
        return sb.append(']').toString();
    }
}
