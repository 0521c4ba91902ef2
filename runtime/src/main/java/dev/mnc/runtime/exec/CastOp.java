package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Cast;

/** cast between any two dtypes (see {@link Cast}); the target type is the output tensor's. No parameters. */
final class CastOp extends Operator {
    CastOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        c.endParams();
        c.requireShape(c.out(), c.in(0).shape, "output");
    }

    @Override
    Step bind(Buffers b, Workers w) {
        Slot x = inputs[0];
        Slot y = outputs[0];
        Object xa = b.array(x);
        int xo = b.offset(x);
        Object ya = b.array(y);
        int yo = b.offset(y);
        return () -> Cast.run(x.dtype, xa, xo, y.dtype, ya, yo, x.count);
    }
}
