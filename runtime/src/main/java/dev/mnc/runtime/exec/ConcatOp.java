package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Strided;

/**
 * concat of any dtype along one axis: each input is a {@link Strided#copy} into its band of the
 * output. Parameter words: axis.
 */
final class ConcatOp extends Operator {
    private final int[] bandOffsets;
    private final int[] outStrides;

    ConcatOp(OpContext c) throws ModelFormatException {
        super(c);
        if (c.inputCount() < 1 || c.record.outputs().length != 1) {
            throw c.fail("takes one or more inputs and one output");
        }
        Slot y = c.out();
        int axis = c.i("axis", 0, Math.max(0, y.rank() - 1));
        c.endParams();
        if (y.rank() == 0) {
            throw c.fail("cannot concatenate scalars");
        }
        outStrides = Strided.strides(y.shape);
        bandOffsets = new int[c.inputCount()];
        long total = 0;
        for (int i = 0; i < c.inputCount(); i++) {
            Slot x = c.in(i);
            if (x.dtype != y.dtype || x.rank() != y.rank()) {
                throw c.fail("input '" + x.name + "' differs from the output in type or rank");
            }
            for (int d = 0; d < y.rank(); d++) {
                if (d != axis && x.dim(d) != y.dim(d)) {
                    throw c.fail("input '" + x.name + "' has shape " + java.util.Arrays.toString(x.shape)
                            + ", output is " + java.util.Arrays.toString(y.shape));
                }
            }
            bandOffsets[i] = (int) (total * outStrides[axis]);
            total += x.dim(axis);
        }
        if (total != y.dim(axis)) {
            throw c.fail("inputs add up to " + total + " along axis " + axis + ", output has " + y.dim(axis));
        }
    }

    @Override
    Step bind(Buffers b, Workers w) {
        int n = inputs.length;
        Object[] xs = new Object[n];
        int[] xo = new int[n];
        int[][] strides = new int[n][];
        for (int i = 0; i < n; i++) {
            xs[i] = b.array(inputs[i]);
            xo[i] = b.offset(inputs[i]);
            strides[i] = Strided.strides(inputs[i].shape);
        }
        Object y = b.array(outputs[0]);
        int yo = b.offset(outputs[0]);
        int[] idx = new int[outStrides.length];
        return () -> {
            for (int i = 0; i < n; i++) {
                Strided.copy(xs[i], xo[i], strides[i], y, yo + bandOffsets[i], outStrides, inputs[i].shape, idx);
            }
        };
    }
}
