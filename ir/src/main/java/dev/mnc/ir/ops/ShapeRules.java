package dev.mnc.ir.ops;

import dev.mnc.ir.DType;
import dev.mnc.ir.Dim;
import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shape arithmetic shared by the ops' type inference. Every failure is an {@link MncException}. */
public final class ShapeRules {
    private ShapeRules() {}

    /** Checks the number of inputs is within [min, max]. */
    public static void arity(String op, List<TensorType> inputs, int min, int max) {
        int n = inputs.size();
        if (n < min || n > max) {
            String want = min == max ? Integer.toString(min) : min + " to " + max;
            throw new MncException(op + " takes " + want + " inputs, got " + n);
        }
    }

    public static void requireRank(String what, TensorType t, int rank) {
        if (t.rank() != rank) {
            throw new MncException(what + " must have rank " + rank + ", got " + t.shape());
        }
    }

    public static void requireLength(String attr, int[] a, int n) {
        if (a.length != n) {
            throw new MncException("attribute '" + attr + "' needs " + n + " values, got " + Arrays.toString(a));
        }
    }

    public static void requirePositive(String attr, int[] a) {
        for (int v : a) {
            if (v <= 0) {
                throw new MncException("attribute '" + attr + "' must be positive, got " + Arrays.toString(a));
            }
        }
    }

    public static void requireNonNegative(String attr, int[] a) {
        for (int v : a) {
            if (v < 0) {
                throw new MncException("attribute '" + attr + "' must not be negative, got " + Arrays.toString(a));
            }
        }
    }

    /** Layout of a spatial op's rank-4 input: the op's layout must match a laid-out input. */
    public static void requireLayout(String op, TensorType x, Layout layout) {
        requireRank(op + " input", x, 4);
        if (layout == Layout.NONE) {
            throw new MncException(op + " needs a layout (nchw or nhwc)");
        }
        if (x.layout() != Layout.NONE && x.layout() != layout) {
            throw new MncException(op + " is " + layout.text() + " but its input is " + x.layout().text());
        }
    }

    /**
     * Output size of a sliding window: floor((in + padBegin + padEnd - dilation*(k-1) - 1) / stride) + 1.
     */
    public static long windowOut(long in, int k, int stride, int dilation, int padBegin, int padEnd) {
        long effective = (long) dilation * (k - 1) + 1;
        long span = in + padBegin + padEnd - effective;
        if (span < 0) {
            throw new MncException("window of " + k + " (dilation " + dilation + ") does not fit in " + in
                    + " with pads " + padBegin + "," + padEnd);
        }
        return span / stride + 1;
    }

    /** Numpy-style broadcast of two shapes (dims equal, or one of them 1; right-aligned). */
    public static Shape broadcast(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        List<Dim> out = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) {
            int ia = i - (rank - a.rank());
            int ib = i - (rank - b.rank());
            Dim da = ia >= 0 ? a.dim(ia) : Dim.of(1);
            Dim db = ib >= 0 ? b.dim(ib) : Dim.of(1);
            if (da.equals(db) || (db.isStatic() && db.size() == 1)) {
                out.add(da);
            } else if (da.isStatic() && da.size() == 1) {
                out.add(db);
            } else {
                throw new MncException("shapes " + a + " and " + b + " do not broadcast");
            }
        }
        return Shape.of(out);
    }

    /** All inputs must share one element type; returns it. */
    public static DType sameDType(String op, List<TensorType> inputs) {
        DType d = inputs.get(0).dtype();
        for (TensorType t : inputs) {
            if (t.dtype() != d) {
                throw new MncException(op + " inputs mix " + d + " and " + t.dtype());
            }
        }
        return d;
    }

    /** The layout shared by the laid-out rank-4 inputs (NONE if there are none); mixed layouts are an error. */
    public static Layout commonLayout(String op, List<TensorType> inputs, int outRank) {
        Layout l = Layout.NONE;
        for (TensorType t : inputs) {
            if (t.layout() != Layout.NONE) {
                if (l != Layout.NONE && l != t.layout()) {
                    throw new MncException(op + " mixes " + l.text() + " and " + t.layout().text() + " inputs");
                }
                l = t.layout();
            }
        }
        return outRank == 4 ? l : Layout.NONE;
    }

    /** A type with a rank-4 layout only when the shape is rank 4. */
    public static TensorType type(DType dtype, Shape shape, Layout layout) {
        return new TensorType(dtype, shape, shape.rank() == 4 ? layout : Layout.NONE);
    }

    /** A rank-4 shape in the given layout from batch, channels, height and width. */
    public static Shape spatial(Layout layout, Dim n, long c, long h, long w) {
        return layout == Layout.NHWC
                ? Shape.of(List.of(n, Dim.of(h), Dim.of(w), Dim.of(c)))
                : Shape.of(List.of(n, Dim.of(c), Dim.of(h), Dim.of(w)));
    }

    /** Type rule of an elementwise unary op: one input, output of the same type. */
    public static List<TensorType> unary(String op, List<TensorType> inputs) {
        arity(op, inputs, 1, 1);
        return List.of(inputs.get(0));
    }
}
