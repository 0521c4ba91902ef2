package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.Format;
import dev.mnc.runtime.format.ModelFile;
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
        ModelFile.QuantRecord qx = c.perTensor(x, DType.I8, "input");
        ModelFile.QuantRecord qy = c.perTensor(y, DType.I8, "output");
        if (qx.scales()[0] != qy.scales()[0] || qx.zeroPoints()[0] != qy.zeroPoints()[0]) {
            throw c.fail("input and output quantization differ; int8 resize keeps the input's scale and zero point");
        }
        c.requireRank(x, 4, "input");
        c.requireRank(y, 4, "output");
        if (y.dim(0) != x.dim(0) || y.dim(3) != x.dim(3) || x.dim(1) < 1 || x.dim(2) < 1) {
            throw c.fail("cannot resize " + java.util.Arrays.toString(x.shape) + " to "
                    + java.util.Arrays.toString(y.shape));
        }
        linear = mode == Format.RESIZE_LINEAR;
        if (linear) {
            if (coord == Format.COORD_TF_HALF_PIXEL_FOR_NN) {
                throw c.fail("coordinate mode tf_half_pixel_for_nn is for nearest sampling only");
            }
            boolean align = coord == Format.COORD_ALIGN_CORNERS;
            boolean half = coord == Format.COORD_HALF_PIXEL || coord == Format.COORD_PYTORCH_HALF_PIXEL;
            yl = ResizeQ8.Axis.of(x.dim(1), y.dim(1), align, half);
            xl = ResizeQ8.Axis.of(x.dim(2), y.dim(2), align, half);
            ys = null;
            xs = null;
        } else {
            ys = Resize.nearest(coord, nearest, x.dim(1), y.dim(1), sy);
            xs = Resize.nearest(coord, nearest, x.dim(2), y.dim(2), sx);
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
                : (from, to, wk) -> ResizeQ8.nearest(ys, xs, in[1], in[2], in[3], out[1], out[2], x, xo, y, yo, from, to);
        int rows = out[0] * out[1];
        return () -> w.run(rows, range);
    }
}
