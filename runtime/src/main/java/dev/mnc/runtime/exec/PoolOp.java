package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.OpCode;
import dev.mnc.runtime.kernels.Pool2d;

/**
 * avg_pool2d and max_pool2d in NHWC. Parameter words: kernel h, w, stride y, x, pad top, left,
 * bottom, right, and for avg_pool2d count_include_pad (0 or 1).
 */
final class PoolOp extends Operator {
    private final boolean average;
    private final Pool2d.Params p;

    PoolOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        average = c.record.op() == OpCode.AVG_POOL2D;
        PoolAttributes a = PoolAttributes.read(c, average);
        Slot x = c.in(0);
        Slot y = c.out();
        c.requireType(x, DType.F32, "input");
        c.requireType(y, DType.F32, "output");
        p = a.params(c, x, y);
    }

    @Override
    Step bind(Buffers b, Workers w) {
        float[] x = b.floats(inputs[0]);
        int xo = b.offset(inputs[0]);
        float[] y = b.floats(outputs[0]);
        int yo = b.offset(outputs[0]);
        boolean max = !average;
        Workers.Range range = (from, to, wk) -> Pool2d.run(p, max, x, xo, y, yo, from, to);
        int rows = p.batch() * p.outH();
        return () -> w.run(rows, range);
    }
}
