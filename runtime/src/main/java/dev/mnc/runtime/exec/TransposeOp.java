package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Strided;

/**
 * transpose of any dtype: y.shape[i] = x.shape[perm[i]], a {@link Strided#copy} reading x with its
 * strides permuted. Parameter words: rank, then the permutation.
 */
final class TransposeOp extends Operator {
    private final int[] srcStrides;
    private final int[] dstStrides;
    private final int[] shape;

    TransposeOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        Slot x = c.in(0);
        Slot y = c.out();
        int rank = c.i("rank", x.rank(), x.rank());
        int[] perm = new int[rank];
        boolean[] seen = new boolean[rank];
        int[] want = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = c.i("permutation entry", 0, rank - 1);
            if (seen[perm[i]]) {
                throw c.fail("permutation repeats axis " + perm[i]);
            }
            seen[perm[i]] = true;
            want[i] = x.dim(perm[i]);
        }
        c.endParams();
        if (x.dtype != y.dtype) {
            throw c.fail("output type " + y.dtype.text() + " differs from input " + x.dtype.text());
        }
        c.requireShape(y, want, "output");
        int[] xs = Strided.strides(x.shape);
        srcStrides = new int[rank];
        for (int i = 0; i < rank; i++) {
            srcStrides[i] = xs[perm[i]];
        }
        dstStrides = Strided.strides(want);
        shape = want.clone();
        Strided.longestInnermost(shape, srcStrides, dstStrides);
    }

    @Override
    Step bind(Buffers b, Workers w) {
        Object x = b.array(inputs[0]);
        int xo = b.offset(inputs[0]);
        Object y = b.array(outputs[0]);
        int yo = b.offset(outputs[0]);
        int[] idx = new int[shape.length];
        return () -> Strided.copy(x, xo, srcStrides, y, yo, dstStrides, shape, idx);
    }
}
