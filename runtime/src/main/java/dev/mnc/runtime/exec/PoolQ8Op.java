package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.ModelFile;
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
        ModelFile.QuantRecord qx = c.perTensor(x, DType.I8, "input");
        ModelFile.QuantRecord qy = c.perTensor(y, DType.I8, "output");
        if (qx.scales()[0] != qy.scales()[0] || qx.zeroPoints()[0] != qy.zeroPoints()[0]) {
            throw c.fail("input and output quantization differ; int8 pooling keeps the input's scale and zero point");
        }
        c.requireRank(x, 4, "input");
        if ((long) kh * kw > (1 << 23)) {
            throw c.fail("a window of " + kh + "x" + kw + " exceeds the int8 pooling limit of 2^23 taps");
        }
        int oh = Windows.out(c, x.dim(1), kh, sy, 1, pt, pb);
        int ow = Windows.out(c, x.dim(2), kw, sx, 1, pl, pr);
        c.requireShape(y, new int[] {x.dim(0), oh, ow, x.dim(3)}, "output");
        p = new Pool2d.Params(x.dim(0), x.dim(1), x.dim(2), x.dim(3), oh, ow, kh, kw, sy, sx, pt, pl, pb, pr, include);
        zeroPoint = qx.zeroPoints()[0];
    }

    @Override
    Step bind(Buffers b, Workers w) {
        byte[] x = (byte[]) b.array(inputs[0]);
        int xo = b.offset(inputs[0]);
        byte[] y = (byte[]) b.array(outputs[0]);
        int yo = b.offset(outputs[0]);
        int[][] acc = new int[w.count()][p.c()];
        Workers.Range range = average
                ? (from, to, wk) -> PoolQ8.average(p, zeroPoint, x, xo, y, yo, acc[wk], from, to)
                : (from, to, wk) -> PoolQ8.max(p, x, xo, y, yo, from, to);
        int rows = p.batch() * p.outH();
        return () -> w.run(rows, range);
    }
}
