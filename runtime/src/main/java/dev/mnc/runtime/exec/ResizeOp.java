package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Resize;

/**
 * resize of an NHWC f32 tensor to the output's height and width. Parameter words: mode (nearest,
 * linear), coordinate mode, nearest mode, scale y (f32), scale x (f32). The source coordinates of
 * every output row and column are computed here, once.
 */
final class ResizeOp extends Operator {
    private final boolean linear;
    private final Resize.Axis ys;
    private final Resize.Axis xs;

    ResizeOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        ResizeAttributes a = ResizeAttributes.read(c);
        Slot x = c.in(0);
        Slot y = c.out();
        c.requireType(x, DType.F32, "input");
        c.requireType(y, DType.F32, "output");
        a.checkShapes(c, x, y);
        linear = a.linear();
        ys = a.axis(1, x, y);
        xs = a.axis(2, x, y);
    }

    @Override
    Step bind(Buffers b, Workers w) {
        float[] x = b.floats(inputs[0]);
        int xo = b.offset(inputs[0]);
        float[] y = b.floats(outputs[0]);
        int yo = b.offset(outputs[0]);
        int[] in = inputs[0].shape;
        int[] out = outputs[0].shape;
        Workers.Range range = linear
                ? (from, to, wk) -> Resize.linear(ys, xs, in[1], in[2], in[3], out[1], out[2], x, xo, y, yo, from, to)
                : (from, to, wk) -> Resize.nearest(ys, xs, in[1], in[2], in[3], out[1], out[2], x, xo, y, yo, from, to);
        int rows = out[0] * out[1];
        return () -> w.run(rows, range);
    }
}
