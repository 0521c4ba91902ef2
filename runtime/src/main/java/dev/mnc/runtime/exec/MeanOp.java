package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Mean;
import java.util.ArrayList;
import java.util.List;

/**
 * mean over axes of an f32 tensor. When the reduced axes are one consecutive block (NHWC global
 * pooling: axes 1 and 2) the tensor is [outer, reduce, inner] and {@link Mean#contiguous} runs;
 * otherwise {@link Mean#general}.
 *
 * <p>Parameter words: keep_dims (0 or 1), axis count, axes (ascending, distinct).
 */
final class MeanOp extends Operator {
    private final int[] shape;
    private final boolean[] reduced;
    private final boolean contiguous;
    private final int outer;
    private final int reduce;
    private final int inner;
    private final int outCount;

    MeanOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        Slot x = c.in(0);
        boolean keep = c.i("keep_dims", 0, 1) == 1;
        int n = c.i("axis count", 1, Math.max(1, x.rank()));
        shape = x.shape;
        reduced = new boolean[x.rank()];
        int prev = -1;
        for (int i = 0; i < n; i++) {
            int a = c.i("axis", prev + 1, x.rank() - 1);
            reduced[a] = true;
            prev = a;
        }
        c.endParams();
        c.requireType(x, DType.F32, "input");
        c.requireType(c.out(), DType.F32, "output");
        List<Integer> out = new ArrayList<>();
        int first = -1;
        int last = -1;
        for (int d = 0; d < x.rank(); d++) {
            if (reduced[d]) {
                first = first < 0 ? d : first;
                last = d;
                if (keep) {
                    out.add(1);
                }
            } else {
                out.add(x.dim(d));
            }
        }
        c.requireShape(c.out(), out.stream().mapToInt(Integer::intValue).toArray(), "output");
        boolean block = true;
        for (int d = first; d <= last; d++) {
            block &= reduced[d];
        }
        contiguous = block;
        int o = 1;
        int r = 1;
        int in = 1;
        for (int d = 0; d < x.rank(); d++) {
            if (d < first) {
                o *= x.dim(d);
            } else if (d <= last) {
                r *= x.dim(d);
            } else {
                in *= x.dim(d);
            }
        }
        outer = o;
        reduce = r;
        inner = in;
        outCount = c.out().count;
    }

    @Override
    Step bind(Buffers b, Workers w) {
        float[] x = b.floats(inputs[0]);
        int xo = b.offset(inputs[0]);
        float[] y = b.floats(outputs[0]);
        int yo = b.offset(outputs[0]);
        if (contiguous) {
            return () -> Mean.contiguous(outer, reduce, inner, x, xo, y, yo);
        }
        int[] idx = new int[shape.length];
        return () -> Mean.general(shape, reduced, x, xo, y, yo, outCount, idx);
    }
}
