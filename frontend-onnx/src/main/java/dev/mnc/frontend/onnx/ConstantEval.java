package dev.mnc.frontend.onnx;

import dev.mnc.ir.DType;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.ShapeRules;
import dev.mnc.ir.ops.Slice;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates ONNX ops on constants at import time: exact int64 arithmetic for shape computations
 * (PyTorch's dynamic flatten, {@code Shape -> Gather -> Unsqueeze -> Concat -> Reshape}, becomes a
 * constant once the input shape is bound) and pure data movement (gather, slice, concat,
 * transpose, broadcast) on constants of any element type.
 *
 * <p>Integer arithmetic is exact: an overflow is an error, never a wrapped value; division
 * truncates toward zero as ONNX Runtime's integer Div does, and division by zero is an error.
 * Every result is bounded by {@link Limits#MAX_FOLDED_ELEMENTS} before it is allocated.
 */
final class ConstantEval {
    private ConstantEval() {}

    /** Checks a result shape is small enough to compute; returns its element count. */
    static int foldSize(Shape s) {
        long n = s.numElements();
        if (n > Limits.MAX_FOLDED_ELEMENTS) {
            throw new MncException("computing a constant of shape " + s + " (" + n + " elements) at import exceeds the limit of "
                    + Limits.MAX_FOLDED_ELEMENTS);
        }
        return (int) n;
    }

    /** Elementwise integer arithmetic with numpy broadcasting. */
    static TensorData binary(Binary.Kind kind, TensorData a, TensorData b) {
        if (a.dtype() != b.dtype()) {
            throw new MncException("operands are " + a.dtype() + " and " + b.dtype());
        }
        Shape out = ShapeRules.broadcast(a.shape(), b.shape());
        int n = foldSize(out);
        long[] ia = broadcastIndex(a.shape(), out);
        long[] ib = broadcastIndex(b.shape(), out);
        long[] r = new long[n];
        try {
            for (int i = 0; i < n; i++) {
                r[i] = apply(kind, a.getLong((int) ia[i]), b.getLong((int) ib[i]));
            }
        } catch (ArithmeticException e) {
            throw new MncException("integer " + kind.text() + " overflows");
        }
        TensorData result = TensorData.ofLongs(out, r).cast(a.dtype());
        for (int i = 0; i < n; i++) {
            if (result.getLong(i) != r[i]) {
                throw new MncException("integer " + kind.text() + " result " + r[i] + " does not fit " + a.dtype());
            }
        }
        return result;
    }

    private static long apply(Binary.Kind kind, long x, long y) {
        return switch (kind) {
            case ADD -> Math.addExact(x, y);
            case SUB -> Math.subtractExact(x, y);
            case MUL -> Math.multiplyExact(x, y);
            case DIV -> {
                if (y == 0) {
                    throw new MncException("integer division by zero");
                }
                if (x == Long.MIN_VALUE && y == -1) {
                    throw new ArithmeticException("long overflow");
                }
                yield x / y;
            }
        };
    }

    /** For each element of {@code out}, the flat index of the element of a tensor of shape {@code in} it broadcasts from. */
    private static long[] broadcastIndex(Shape in, Shape out) {
        int n = foldSize(out);
        int rank = out.rank();
        long[] outDims = out.toLongArray();
        long[] inStride = new long[rank];
        long s = 1;
        for (int i = in.rank() - 1; i >= 0; i--) {
            int o = i + rank - in.rank();
            inStride[o] = in.size(i) == 1 ? 0 : s;
            s *= in.size(i);
        }
        long[] idx = new long[n];
        long[] counter = new long[rank];
        long flat = 0;
        for (int i = 0; i < n; i++) {
            idx[i] = flat;
            for (int d = rank - 1; d >= 0; d--) {
                counter[d]++;
                flat += inStride[d];
                if (counter[d] < outDims[d]) {
                    break;
                }
                flat -= inStride[d] * counter[d];
                counter[d] = 0;
            }
        }
        return idx;
    }

    /** Broadcasts {@code data} to {@code target} (ONNX Expand with its two-way broadcast already applied). */
    static TensorData expand(TensorData data, Shape target) {
        int n = foldSize(target);
        long[] idx = broadcastIndex(data.shape(), target);
        Object src = array(data);
        Object dst = newArray(data.dtype(), n);
        for (int i = 0; i < n; i++) {
            System.arraycopy(src, (int) idx[i], dst, i, 1);
        }
        return make(data.dtype(), target, dst);
    }

    /** ONNX Gather: out = data[:axis] + indices.shape + data[axis+1:]; negative indices count from the end. */
    static TensorData gather(TensorData data, TensorData indices, int axis) {
        Shape ds = data.shape();
        long axisLen = ds.size(axis);
        long[] idx = indices.toLongs();
        for (int i = 0; i < idx.length; i++) {
            long v = idx[i] < 0 ? idx[i] + axisLen : idx[i];
            if (v < 0 || v >= axisLen) {
                throw new MncException("gather index " + idx[i] + " is out of range for axis " + axis + " of " + ds);
            }
            idx[i] = v;
        }
        List<dev.mnc.ir.Dim> dims = new java.util.ArrayList<>(ds.asList().subList(0, axis));
        dims.addAll(indices.shape().asList());
        dims.addAll(ds.asList().subList(axis + 1, ds.rank()));
        Shape out = Shape.of(dims);
        int n = foldSize(out);
        int inner = (int) product(ds, axis + 1, ds.rank());
        int outer = (int) product(ds, 0, axis);
        Object src = array(data);
        Object dst = newArray(data.dtype(), n);
        int o = 0;
        for (int a = 0; a < outer; a++) {
            for (long j : idx) {
                System.arraycopy(src, (int) ((a * axisLen + j) * inner), dst, o, inner);
                o += inner;
            }
        }
        return make(data.dtype(), out, dst);
    }

    /** ONNX Slice with the IR's clamping rules. */
    static TensorData slice(TensorData data, Slice op) {
        Shape in = data.shape();
        int rank = in.rank();
        long[] start = new long[rank];
        long[] step = new long[rank];
        long[] count = in.toLongArray();
        Arrays.fill(step, 1);
        int[] axes = op.axes();
        for (int i = 0; i < axes.length; i++) {
            long n = in.size(axes[i]);
            start[axes[i]] = op.range(i, n)[0];
            step[axes[i]] = op.steps()[i];
            count[axes[i]] = op.count(i, n);
        }
        Shape out = Shape.of(count);
        int total = foldSize(out);
        long[] inStride = strides(in);
        Object src = array(data);
        Object dst = newArray(data.dtype(), total);
        long[] counter = new long[rank];
        for (int i = 0; i < total; i++) {
            long flat = 0;
            for (int d = 0; d < rank; d++) {
                flat += (start[d] + counter[d] * step[d]) * inStride[d];
            }
            System.arraycopy(src, (int) flat, dst, i, 1);
            for (int d = rank - 1; d >= 0; d--) {
                if (++counter[d] < count[d]) {
                    break;
                }
                counter[d] = 0;
            }
        }
        return make(data.dtype(), out, dst);
    }

    /** Joins constants along {@code axis}. */
    static TensorData concat(List<TensorData> parts, int axis) {
        Shape first = parts.get(0).shape();
        long total = 0;
        for (TensorData p : parts) {
            if (p.dtype() != parts.get(0).dtype() || p.shape().rank() != first.rank()) {
                throw new MncException("concat inputs " + parts.get(0).type() + " and " + p.type() + " do not match");
            }
            for (int d = 0; d < first.rank(); d++) {
                if (d != axis && p.shape().size(d) != first.size(d)) {
                    throw new MncException("concat inputs " + first + " and " + p.shape() + " differ outside axis " + axis);
                }
            }
            total += p.shape().size(axis);
        }
        Shape out = first.with(axis, total);
        int n = foldSize(out);
        int outer = (int) product(first, 0, axis);
        Object dst = newArray(parts.get(0).dtype(), n);
        int o = 0;
        for (int a = 0; a < outer; a++) {
            for (TensorData p : parts) {
                int block = (int) product(p.shape(), axis, first.rank());
                System.arraycopy(array(p), a * block, dst, o, block);
                o += block;
            }
        }
        return make(parts.get(0).dtype(), out, dst);
    }

    /** Permutes axes: out.shape[i] = in.shape[perm[i]]. Same size as its input, so no fold limit applies. */
    static TensorData transpose(TensorData data, int[] perm) {
        Shape in = data.shape();
        Shape out = in.permute(perm);
        int n = data.size();
        long[] inStride = strides(in);
        long[] outDims = out.toLongArray();
        Object src = array(data);
        Object dst = newArray(data.dtype(), n);
        long[] counter = new long[perm.length];
        for (int i = 0; i < n; i++) {
            long flat = 0;
            for (int d = 0; d < perm.length; d++) {
                flat += counter[d] * inStride[perm[d]];
            }
            System.arraycopy(src, (int) flat, dst, i, 1);
            for (int d = perm.length - 1; d >= 0; d--) {
                if (++counter[d] < outDims[d]) {
                    break;
                }
                counter[d] = 0;
            }
        }
        return make(data.dtype(), out, dst);
    }

    /** ONNX ConstantOfShape: {@code value} (one element) repeated over {@code shape}. */
    static TensorData fill(Shape shape, TensorData value) {
        return expand(value.reshape(Shape.scalar()), shape);
    }

    /** ONNX Range: start, start+delta, ... while before limit; integer or float by the inputs' type. */
    static TensorData range(TensorData start, TensorData limit, TensorData delta) {
        DType t = start.dtype();
        if (limit.dtype() != t || delta.dtype() != t) {
            throw new MncException("start, limit and delta must share one type");
        }
        double s = start.getDouble(0);
        double l = limit.getDouble(0);
        double d = delta.getDouble(0);
        if (d == 0 || !Double.isFinite(s) || !Double.isFinite(l) || !Double.isFinite(d)) {
            throw new MncException("range needs finite bounds and a non-zero delta");
        }
        double steps = Math.ceil((l - s) / d);
        long n = (long) Math.max(0, steps);
        int count = foldSize(Shape.of(n));
        if (t == DType.F32) {
            float[] a = new float[count];
            for (int i = 0; i < count; i++) {
                a[i] = (float) (s + i * d);
            }
            return TensorData.ofFloats(Shape.of(count), a);
        }
        long[] a = new long[count];
        long si = start.getLong(0);
        long di = delta.getLong(0);
        try {
            for (int i = 0; i < count; i++) {
                a[i] = Math.addExact(si, Math.multiplyExact(i, di));
            }
        } catch (ArithmeticException e) {
            throw new MncException("range overflows int64");
        }
        return TensorData.ofLongs(Shape.of(count), a).cast(t);
    }

    /**
     * The output dims of ONNX Reshape: 0 copies the input dim at the same position (unless
     * {@code allowZero}), one -1 takes whatever the element count leaves.
     */
    static long[] reshapeDims(Shape in, long[] spec, boolean allowZero) {
        long[] out = spec.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && !allowZero) {
                if (i >= in.rank()) {
                    throw new MncException("reshape target " + Arrays.toString(spec) + " copies dim " + i + " (0) of "
                            + in + ", which has no such dim");
                }
                out[i] = in.size(i);
            } else if (out[i] == -1) {
                if (inferred >= 0) {
                    throw new MncException("reshape target " + Arrays.toString(spec) + " has more than one -1");
                }
                inferred = i;
                continue;
            } else if (out[i] < 0) {
                throw new MncException("reshape target " + Arrays.toString(spec) + " has a negative dim");
            }
            if (out[i] != 0 && known > Long.MAX_VALUE / out[i]) {
                throw new MncException("reshape target " + Arrays.toString(spec) + " overflows");
            }
            known *= out[i];
        }
        long total = in.numElements();
        if (inferred >= 0) {
            if (known == 0 || total % known != 0) {
                throw new MncException("cannot reshape " + in + " to " + Arrays.toString(spec) + ": "
                        + total + " elements do not divide into it");
            }
            out[inferred] = total / known;
        } else if (known != total) {
            throw new MncException("cannot reshape " + in + " (" + total + " elements) to " + Arrays.toString(spec));
        }
        return out;
    }

    /** Product of dims [from, to) of a static shape. */
    static long product(Shape s, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= s.size(i);
        }
        return p;
    }

    private static long[] strides(Shape s) {
        long[] st = new long[s.rank()];
        long acc = 1;
        for (int i = s.rank() - 1; i >= 0; i--) {
            st[i] = acc;
            acc *= s.size(i);
        }
        return st;
    }

    private static Object array(TensorData d) {
        return switch (d.dtype()) {
            case F32 -> d.floats();
            case I8, U8, BOOL -> d.bytes();
            case I16 -> d.shorts();
            case I32 -> d.ints();
            case I64 -> d.longs();
        };
    }

    private static Object newArray(DType t, int n) {
        return switch (t) {
            case F32 -> new float[n];
            case I8, U8, BOOL -> new byte[n];
            case I16 -> new short[n];
            case I32 -> new int[n];
            case I64 -> new long[n];
        };
    }

    private static TensorData make(DType t, Shape s, Object a) {
        return switch (t) {
            case F32 -> TensorData.ofFloats(s, (float[]) a);
            case I8, U8, BOOL -> TensorData.ofBytes(t, s, (byte[]) a);
            case I16 -> TensorData.ofShorts(s, (short[]) a);
            case I32 -> TensorData.ofInts(s, (int[]) a);
            case I64 -> TensorData.ofLongs(s, (long[]) a);
        };
    }
}
