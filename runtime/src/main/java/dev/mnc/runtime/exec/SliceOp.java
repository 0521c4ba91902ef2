package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Strided;

/**
 * slice of any dtype with the ranges resolved at compile time: for every axis a first index and a
 * step (negative steps walk backwards); the output shape gives the counts. A {@link Strided#copy}
 * with the input strides scaled by the steps. Parameter words: rank, then start and step per axis.
 */
final class SliceOp extends Operator {
    private final int start;
    private final int[] srcStrides;
    private final int[] dstStrides;

    SliceOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        Slot x = c.in(0);
        Slot y = c.out();
        int rank = c.i("rank", x.rank(), x.rank());
        if (x.dtype != y.dtype || y.rank() != rank) {
            throw c.fail("output differs from the input in type or rank");
        }
        int[] xs = Strided.strides(x.shape);
        srcStrides = new int[rank];
        long off = 0;
        for (int d = 0; d < rank; d++) {
            int s = c.i("start", 0, Integer.MAX_VALUE);
            int step = c.i("step", -(1 << 30), 1 << 30);
            int n = y.dim(d);
            if (step == 0) {
                throw c.fail("step of axis " + d + " is 0");
            }
            long last = s + (long) (n - 1) * step;
            if (n > 0 && (s >= x.dim(d) || last < 0 || last >= x.dim(d))) {
                throw c.fail("axis " + d + ": " + n + " elements from " + s + " by " + step + " leave an axis of "
                        + x.dim(d));
            }
            off += (long) s * xs[d];
            srcStrides[d] = step * xs[d];
        }
        c.endParams();
        start = (int) Math.min(off, Integer.MAX_VALUE);
        dstStrides = Strided.strides(y.shape);
    }

    @Override
    Step bind(Buffers b, Workers w) {
        Object x = b.array(inputs[0]);
        int xo = b.offset(inputs[0]);
        Object y = b.array(outputs[0]);
        int yo = b.offset(outputs[0]);
        int[] shape = outputs[0].shape;
        int[] idx = new int[shape.length];
        return () -> Strided.copy(x, xo + start, srcStrides, y, yo, dstStrides, shape, idx);
    }
}
