package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.Format;
import dev.mnc.runtime.kernels.Resize;
import dev.mnc.runtime.kernels.int8.ResizeQ8;

/**
 * resize_q8 of an NHWC i8 tensor whose output keeps the input's quantization. Nearest samples
 * exactly as resize does; bilinear is TFLite's integer RESIZE_BILINEAR with its flags taken from the
 * coordinate mode: half_pixel and pytorch_half_pixel use half-pixel centers, align_corners aligns
 * corners, asymmetric uses neither (tf_half_pixel_for_nn has no bilinear meaning and is refused).
 * Parameter words as resize.
 */
final class ResizeQ8Op extends Operator {
    private final boolean linear;
    private final Resize.Axis ys;
    private final Resize.Axis xs;
    private final ResizeQ8.Axis yl;
    private final ResizeQ8.Axis xl;

    ResizeQ8Op(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        ResizeAttributes a = ResizeAttributes.read(c);
        Slot x = c.in(0);
        Slot y = c.out();
        c.sameQuantization(x, y, "resize");
        a.checkShapes(c, x, y);
        linear = a.linear();
        if (linear) {
            if (a.coord() == Format.COORD_TF_HALF_PIXEL_FOR_NN) {
                throw c.fail("coordinate mode tf_half_pixel_for_nn is for nearest sampling only");
            }
            boolean align = a.coord() == Format.COORD_ALIGN_CORNERS;
            boolean half = a.coord() == Format.COORD_HALF_PIXEL || a.coord() == Format.COORD_PYTORCH_HALF_PIXEL;
            yl = ResizeQ8.Axis.of(x.dim(1), y.dim(1), align, half);
            xl = ResizeQ8.Axis.of(x.dim(2), y.dim(2), align, half);
            ys = null;
            xs = null;
        } else {
            ys = a.axis(1, x, y);
            xs = a.axis(2, x, y);
            yl = null;
            xl = null;
        }
    }

    @Override
    Step bind(Buffers b, Workers w) {
        byte[] x = (byte[]) b.array(inputs[0]);
        int xo = b.offset(inputs[0]);
        byte[] y = (byte[]) b.array(outputs[0]);
        int yo = b.offset(outputs[0]);
        int[] in = inputs[0].shape;
        int[] out = outputs[0].shape;
        Workers.Range range = linear
                ? (from, to, wk) -> ResizeQ8.bilinear(yl, xl, in[1], in[2], in[3], out[1], out[2], x, xo, y, yo, from, to)
                : (from, to, wk) -> Resize.nearest(ys, xs, in[1], in[2], in[3], out[1], out[2], x, xo, y, yo, from, to);
        int rows = out[0] * out[1];
        return () -> w.run(rows, range);
    }
}
