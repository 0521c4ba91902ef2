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
        int kh = c.i("kernel", 1, 1 << 16);
        int kw = c.i("kernel", 1, 1 << 16);
        int sy = c.i("stride", 1, 1 << 16);
        int sx = c.i("stride", 1, 1 << 16);
        int pt = c.i("pad", 0, 1 << 16);
        int pl = c.i("pad", 0, 1 << 16);
        int pb = c.i("pad", 0, 1 << 16);
        int pr = c.i("pad", 0, 1 << 16);
        boolean include = average && c.i("count_include_pad", 0, 1) == 1;
        c.endParams();
        Slot x = c.in(0);
        Slot y = c.out();
        c.requireType(x, DType.F32, "input");
        c.requireType(y, DType.F32, "output");
        c.requireRank(x, 4, "input");
        int oh = Windows.out(c, x.dim(1), kh, sy, 1, pt, pb);
        int ow = Windows.out(c, x.dim(2), kw, sx, 1, pl, pr);
        c.requireShape(y, new int[] {x.dim(0), oh, ow, x.dim(3)}, "output");
        p = new Pool2d.Params(x.dim(0), x.dim(1), x.dim(2), x.dim(3), oh, ow, kh, kw, sy, sx, pt, pl, pb, pr, include);
    }

    @Override
    Step bind(Buffers b, Workers w) {
        float[] x = b.floats(inputs[0]);
        int xo = b.offset(inputs[0]);
        float[] y = b.floats(outputs[0]);
        int yo = b.offset(outputs[0]);
        Workers.Range range = average
                ? (from, to, wk) -> Pool2d.average(p, x, xo, y, yo, from, to)
                : (from, to, wk) -> Pool2d.max(p, x, xo, y, yo, from, to);
        int rows = p.batch() * p.outH();
        return () -> w.run(rows, range);
    }
}
