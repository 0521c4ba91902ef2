package dev.mnc.passes;

import dev.mnc.ir.DType;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.ops.Cast;
import dev.mnc.ir.ops.Concat;
import dev.mnc.ir.ops.Gather;
import dev.mnc.ir.ops.Identity;
import dev.mnc.ir.ops.Op;
import dev.mnc.ir.ops.Pad;
import dev.mnc.ir.ops.Reshape;
import dev.mnc.ir.ops.Slice;
import dev.mnc.ir.ops.Transpose;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates the ops that only move or convert data, with no arithmetic on values: reshape,
 * transpose, slice, gather, concat, cast, pad and identity, following each op's IR semantics.
 * Every op here is an index mapping: output element i is input element {@code src[i]} (or the pad
 * value where {@code src[i] == -1}), which {@link #select} copies in the input's element type.
 */
public final class DataMovementEvaluator implements ConstantEvaluator {

    @Override
    public Optional<List<TensorData>> evaluate(Op op, List<TensorData> in) {
        TensorData x = in.isEmpty() ? null : in.get(0);
        if (op instanceof Reshape r) {
            return one(x.reshape(Shape.of(r.shape())));
        } else if (op instanceof Identity) {
            return one(x);
        } else if (op instanceof Cast c) {
            return one(x.cast(c.to()));
        } else if (op instanceof Transpose t) {
            return one(transpose(x, t.perm()));
        } else if (op instanceof Slice s) {
            return one(slice(x, s));
        } else if (op instanceof Gather g) {
            return one(gather(x, in.get(1), g.axis()));
        } else if (op instanceof Concat c) {
            return one(concat(in, c.axis()));
        } else if (op instanceof Pad p) {
            return one(pad(x, p));
        }
        return Optional.empty();
    }

    private static Optional<List<TensorData>> one(TensorData d) {
        return Optional.of(List.of(d));
    }

    /** Row-major strides of a shape. */
    static long[] strides(long[] dims) {
        long[] s = new long[dims.length];
        long acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Transpose: y.shape[i] = x.shape[perm[i]], y[idx] = x[idx permuted back]. */
    static TensorData transpose(TensorData x, int[] perm) {
        long[] in = x.shape().toLongArray();
        Shape outShape = x.shape().permute(perm);
        long[] out = outShape.toLongArray();
        long[] inStrides = strides(in);
        int n = x.size();
        int[] src = new int[n];
        long[] idx = new long[out.length];
        for (int i = 0; i < n; i++) {
            long off = 0;
            for (int a = 0; a < out.length; a++) {
                off += idx[a] * inStrides[perm[a]];
            }
            src[i] = (int) off;
            increment(idx, out);
        }
        return select(x, outShape, src, 0);
    }

    private static void increment(long[] idx, long[] dims) {
        for (int a = dims.length - 1; a >= 0; a--) {
            if (++idx[a] < dims[a]) {
                return;
            }
            idx[a] = 0;
        }
    }

    private static TensorData slice(TensorData x, Slice s) {
        long[] in = x.shape().toLongArray();
        long[] start = new long[in.length];
        long[] step = new long[in.length];
        long[] out = in.clone();
        java.util.Arrays.fill(step, 1);
        for (int i = 0; i < s.axes().length; i++) {
            int a = s.axes()[i];
            start[a] = s.range(i, in[a])[0];
            step[a] = s.steps()[i];
            out[a] = s.count(i, in[a]);
        }
        long[] inStrides = strides(in);
        Shape outShape = Shape.of(out);
        int n = Math.toIntExact(outShape.numElements());
        int[] src = new int[n];
        long[] idx = new long[out.length];
        for (int i = 0; i < n; i++) {
            long off = 0;
            for (int a = 0; a < out.length; a++) {
                off += (start[a] + idx[a] * step[a]) * inStrides[a];
            }
            src[i] = (int) off;
            increment(idx, out);
        }
        return select(x, outShape, src, 0);
    }

    private static TensorData gather(TensorData data, TensorData indices, int axis) {
        long[] d = data.shape().toLongArray();
        long outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= d[a];
        }
        long inner = 1;
        for (int a = axis + 1; a < d.length; a++) {
            inner *= d[a];
        }
        long[] idx = indices.toLongs();
        long size = d[axis];
        java.util.List<Long> dims = new java.util.ArrayList<>();
        for (int a = 0; a < axis; a++) {
            dims.add(d[a]);
        }
        for (long v : indices.shape().toLongArray()) {
            dims.add(v);
        }
        for (int a = axis + 1; a < d.length; a++) {
            dims.add(d[a]);
        }
        Shape outShape = Shape.of(dims.stream().mapToLong(Long::longValue).toArray());
        int[] src = new int[Math.toIntExact(outShape.numElements())];
        int k = 0;
        for (long o = 0; o < outer; o++) {
            for (long j : idx) {
                long jj = j < 0 ? j + size : j;
                if (jj < 0 || jj >= size) {
                    throw new MncException("gather index " + j + " is out of range for axis " + axis + " of size "
                            + size);
                }
                for (long i = 0; i < inner; i++) {
                    src[k++] = (int) ((o * size + jj) * inner + i);
                }
            }
        }
        return select(data, outShape, src, 0);
    }

    private static TensorData concat(List<TensorData> parts, int axis) {
        long[] first = parts.get(0).shape().toLongArray();
        long outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= first[a];
        }
        long inner = 1;
        for (int a = axis + 1; a < first.length; a++) {
            inner *= first[a];
        }
        long total = 0;
        for (TensorData p : parts) {
            total += p.shape().size(axis);
        }
        Shape outShape = parts.get(0).shape().with(axis, total);
        int n = Math.toIntExact(outShape.numElements());
        DType dt = parts.get(0).dtype();
        double[] vals = new double[n];
        long[] longs = dt == DType.I64 ? new long[n] : null;
        int k = 0;
        for (long o = 0; o < outer; o++) {
            for (TensorData p : parts) {
                long block = p.shape().size(axis) * inner;
                for (long i = 0; i < block; i++) {
                    int from = (int) (o * block + i);
                    if (longs != null) {
                        longs[k] = p.longs()[from];
                    } else {
                        vals[k] = p.getDouble(from);
                    }
                    k++;
                }
            }
        }
        return longs != null ? TensorData.ofLongs(outShape, longs) : fromDoubles(dt, outShape, vals);
    }

    private static TensorData pad(TensorData x, Pad p) {
        long[] in = x.shape().toLongArray();
        long[] out = new long[in.length];
        for (int a = 0; a < in.length; a++) {
            out[a] = in[a] + p.begin(a) + p.end(a);
        }
        long[] inStrides = strides(in);
        Shape outShape = Shape.of(out);
        int n = Math.toIntExact(outShape.numElements());
        int[] src = new int[n];
        long[] idx = new long[out.length];
        for (int i = 0; i < n; i++) {
            long off = 0;
            for (int a = 0; a < out.length && off >= 0; a++) {
                long c = idx[a] - p.begin(a);
                if (c < 0 || c >= in[a]) {
                    switch (p.mode()) {
                        case CONSTANT -> c = -1;
                        case EDGE -> c = c < 0 ? 0 : in[a] - 1;
                        case REFLECT -> c = c < 0 ? -c : 2 * (in[a] - 1) - c;
                    }
                }
                off = c < 0 ? -1 : off + c * inStrides[a];
            }
            src[i] = (int) off;
            increment(idx, out);
        }
        return select(x, outShape, src, p.value());
    }

    /** Output element i = x[src[i]], or {@code fill} where src[i] is -1, in x's element type. */
    static TensorData select(TensorData x, Shape shape, int[] src, double fill) {
        int n = src.length;
        switch (x.dtype()) {
            case F32 -> {
                float[] a = x.floats();
                float[] o = new float[n];
                for (int i = 0; i < n; i++) {
                    o[i] = src[i] < 0 ? (float) fill : a[src[i]];
                }
                return TensorData.ofFloats(shape, o);
            }
            case I64 -> {
                long[] a = x.longs();
                long[] o = new long[n];
                for (int i = 0; i < n; i++) {
                    o[i] = src[i] < 0 ? (long) fill : a[src[i]];
                }
                return TensorData.ofLongs(shape, o);
            }
            case I32 -> {
                int[] a = x.ints();
                int[] o = new int[n];
                for (int i = 0; i < n; i++) {
                    o[i] = src[i] < 0 ? (int) fill : a[src[i]];
                }
                return TensorData.ofInts(shape, o);
            }
            case I16 -> {
                short[] a = x.shorts();
                short[] o = new short[n];
                for (int i = 0; i < n; i++) {
                    o[i] = src[i] < 0 ? (short) fill : a[src[i]];
                }
                return TensorData.ofShorts(shape, o);
            }
            default -> {
                byte[] a = x.bytes();
                byte[] o = new byte[n];
                for (int i = 0; i < n; i++) {
                    o[i] = src[i] < 0 ? (byte) fill : a[src[i]];
                }
                return TensorData.ofBytes(x.dtype(), shape, o);
            }
        }
    }

    private static TensorData fromDoubles(DType dt, Shape shape, double[] v) {
        if (dt == DType.F32) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return TensorData.ofFloats(shape, f);
        }
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = (long) v[i];
        }
        return TensorData.ofLongs(shape, l).cast(dt);
    }
}
