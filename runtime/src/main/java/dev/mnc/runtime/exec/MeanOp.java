package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Mean;

/**
 * mean over axes of an f32 tensor. When the reduced axes are one consecutive block (NHWC global
 * pooling: axes 1 and 2) the tensor is [outer, reduce, inner] and {@link Mean#contiguous} runs;
 * otherwise {@link Mean#general}.
 *
 * <p>Parameter words: keep_dims (0 or 1), axis count, axes (ascending, distinct).
 */
final class MeanOp extends Operator {
    private final int[] shape;
    private final int[] outStrides;
    private final long count;
    private final boolean contiguous;
    private final int outer;
    private final int reduce;
    private final int inner;
    private final int outCount;

    MeanOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        Slot x = c.in(0);
        MeanAxes axes = MeanAxes.read(c, x);
        c.requireType(x, DType.F32, "input");
        c.requireType(c.out(), DType.F32, "output");
        c.requireShape(c.out(), axes.outShape(x.shape), "output");
        shape = x.shape;
        boolean[] reduced = axes.reduced();
        int first = -1;
        int last = -1;
        for (int d = 0; d < x.rank(); d++) {
            if (reduced[d]) {
                first = first < 0 ? d : first;
                last = d;
            }
        }
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
        outStrides = Mean.outStrides(shape, reduced);
        count = axes.elements(shape);
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
        return () -> Mean.general(shape, outStrides, count, x, xo, y, yo, outCount, idx);
    }
}
