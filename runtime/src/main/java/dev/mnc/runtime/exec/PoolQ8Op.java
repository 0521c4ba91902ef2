package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.OpCode;
import dev.mnc.runtime.kernels.Pool2d;
import dev.mnc.runtime.kernels.int8.PoolQ8;

/**
 * avg_pool2d_q8 and max_pool2d_q8 in NHWC on i8 tensors whose input and output quantization are
 * equal (TFLite's pools do not rescale). Parameter words as avg_pool2d and max_pool2d.
 */
final class PoolQ8Op extends Operator {
    private final boolean average;
    private final Pool2d.Params p;
    private final int zeroPoint;

    PoolQ8Op(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        average = c.record.op() == OpCode.AVG_POOL2D_Q8;
        PoolAttributes a = PoolAttributes.read(c, average);
        Slot x = c.in(0);
        Slot y = c.out();
        zeroPoint = c.sameQuantization(x, y, "pooling").zeroPoints()[0];
        if ((long) a.kh() * a.kw() > (1 << 23)) {
            throw c.fail("a window of " + a.kh() + "x" + a.kw() + " exceeds the int8 pooling limit of 2^23 taps");
        }
        p = a.params(c, x, y);
    }

    @Override
    Step bind(Buffers b, Workers w) {
        byte[] x = (byte[]) b.array(inputs[0]);
        int xo = b.offset(inputs[0]);
        byte[] y = (byte[]) b.array(outputs[0]);
        int yo = b.offset(outputs[0]);
        int[][] acc = new int[w.count()][p.c()];
        boolean max = !average;
        Workers.Range range = (from, to, wk) -> PoolQ8.run(p, max, zeroPoint, x, xo, y, yo, acc[wk], from, to);
        int rows = p.batch() * p.outH();
        return () -> w.run(rows, range);
    }
}
