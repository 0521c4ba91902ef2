package dev.mnc.ir.ops;

import dev.mnc.ir.Dim;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorType;
import java.util.Arrays;
import java.util.List;

/**
 * Strided slice along some axes (ONNX Slice semantics): for each listed axis, indices
 * start, start+step, ... up to but excluding end; negative start/end count from the end and are
 * clamped to the axis (to [0, n] for positive steps, [-1, n-1] for negative ones).
 */
public record Slice(long[] starts, long[] ends, int[] axes, long[] steps) implements Op {

    public Slice {
        starts = starts.clone();
        ends = ends.clone();
        axes = axes.clone();
        steps = steps.clone();
        if (starts.length != ends.length || starts.length != axes.length || starts.length != steps.length) {
            throw new MncException("slice starts, ends, axes and steps must have equal lengths");
        }
        for (long s : steps) {
            if (s == 0) {
                throw new MncException("slice step must not be 0");
            }
        }
        for (int a : axes) {
            if (a < 0) {
                throw new MncException("slice axes must be normalized to >= 0, got " + Arrays.toString(axes));
            }
        }
    }

    @Override
    public String name() {
        return "slice";
    }

    /** Clamped [start, end) for the i-th listed axis of length n, as ONNX defines it. */
    public long[] range(int i, long n) {
        long step = steps[i];
        long s = starts[i] < 0 ? starts[i] + n : starts[i];
        long e = ends[i] < 0 ? ends[i] + n : ends[i];
        if (step > 0) {
            s = Math.max(0, Math.min(n, s));
            e = Math.max(0, Math.min(n, e));
        } else {
            s = Math.max(-1, Math.min(n - 1, s));
            e = Math.max(-1, Math.min(n - 1, e));
        }
        return new long[] {s, e};
    }

    /** Number of elements the i-th listed axis keeps out of n. */
    public long count(int i, long n) {
        long[] r = range(i, n);
        long step = steps[i];
        long c = step > 0 ? (r[1] - r[0] + step - 1) / step : (r[0] - r[1] - step - 1) / -step;
        return Math.max(0, c);
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder().put("starts", starts).put("ends", ends).put("axes", axes).put("steps", steps).build();
    }

    static Slice fromAttrs(Attrs a) {
        long[] starts = a.requireLongs("starts");
        long[] ones = new long[starts.length];
        Arrays.fill(ones, 1);
        return new Slice(starts, a.requireLongs("ends"), a.requireInts("axes"), a.getLongs("steps", ones));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 1, 1);
        TensorType x = in.get(0);
        Shape s = x.shape();
        boolean[] seen = new boolean[s.rank()];
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] >= s.rank() || seen[axes[i]]) {
                throw new MncException("slice axes " + Arrays.toString(axes) + " are out of range or repeated for " + s);
            }
            seen[axes[i]] = true;
            s = s.with(axes[i], Dim.of(count(i, x.shape().size(axes[i]))));
        }
        return List.of(ShapeRules.type(x.dtype(), s, x.layout()));
    }
}
