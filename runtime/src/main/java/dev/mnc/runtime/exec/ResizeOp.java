package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.Format;
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
        int mode = c.i("mode", Format.RESIZE_NEAREST, Format.RESIZE_LINEAR);
        int coord = c.i("coordinate mode", Format.COORD_HALF_PIXEL, Format.COORD_TF_HALF_PIXEL_FOR_NN);
        int nearest = c.i("nearest mode", Format.NEAREST_ROUND_PREFER_FLOOR, Format.NEAREST_CEIL);
        float sy = c.finite("scale");
        float sx = c.finite("scale");
        c.endParams();
        if (!(sy > 0) || !(sx > 0)) {
            throw c.fail("scales " + sy + ", " + sx + " must be positive");
        }
        Slot x = c.in(0);
        Slot y = c.out();
        c.requireType(x, DType.F32, "input");
        c.requireType(y, DType.F32, "output");
        c.requireRank(x, 4, "input");
        c.requireRank(y, 4, "output");
        if (y.dim(0) != x.dim(0) || y.dim(3) != x.dim(3) || x.dim(1) < 1 || x.dim(2) < 1) {
            throw c.fail("cannot resize " + java.util.Arrays.toString(x.shape) + " to "
                    + java.util.Arrays.toString(y.shape));
        }
        linear = mode == Format.RESIZE_LINEAR;
        ys = linear ? Resize.linear(coord, x.dim(1), y.dim(1), sy) : Resize.nearest(coord, nearest, x.dim(1), y.dim(1), sy);
        xs = linear ? Resize.linear(coord, x.dim(2), y.dim(2), sx) : Resize.nearest(coord, nearest, x.dim(2), y.dim(2), sx);
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
