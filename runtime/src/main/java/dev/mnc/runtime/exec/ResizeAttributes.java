package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.Format;
import dev.mnc.runtime.kernels.Resize;
import java.util.Arrays;

/**
 * What resize and resize_q8 share at load: the parameter words (mode: nearest or linear,
 * coordinate mode, nearest mode, scale y and scale x as positive finite f32), the shape rule (NHWC
 * x and y of equal batch and channels, a non-empty input) and the per-axis tables of the float
 * kernels, which nearest sampling uses for every dtype.
 */
record ResizeAttributes(boolean linear, int coord, int nearestMode, float scaleY, float scaleX) {

    /** Reads the parameter words, the last of the record. */
    static ResizeAttributes read(OpContext c) throws ModelFormatException {
        int mode = c.i("mode", Format.RESIZE_NEAREST, Format.RESIZE_LINEAR);
        int coord = c.i("coordinate mode", Format.COORD_HALF_PIXEL, Format.COORD_TF_HALF_PIXEL_FOR_NN);
        int nearest = c.i("nearest mode", Format.NEAREST_ROUND_PREFER_FLOOR, Format.NEAREST_CEIL);
        float sy = c.finite("scale");
        float sx = c.finite("scale");
        c.endParams();
        if (!(sy > 0) || !(sx > 0)) {
            throw c.fail("scales " + sy + ", " + sx + " must be positive");
        }
        return new ResizeAttributes(mode == Format.RESIZE_LINEAR, coord, nearest, sy, sx);
    }

    /** Checks that {@code x} resizes to {@code y}: rank 4, same batch and channels, non-empty spatial axes. */
    void checkShapes(OpContext c, Slot x, Slot y) throws ModelFormatException {
        c.requireRank(x, 4, "input");
        c.requireRank(y, 4, "output");
        if (y.dim(0) != x.dim(0) || y.dim(3) != x.dim(3) || x.dim(1) < 1 || x.dim(2) < 1) {
            throw c.fail("cannot resize " + Arrays.toString(x.shape) + " to " + Arrays.toString(y.shape));
        }
    }

    /** The float kernels' table of spatial axis {@code d} (1: height, 2: width), linear or nearest. */
    Resize.Axis axis(int d, Slot x, Slot y) {
        float scale = d == 1 ? scaleY : scaleX;
        return linear ? Resize.linear(coord, x.dim(d), y.dim(d), scale)
                : Resize.nearest(coord, nearestMode, x.dim(d), y.dim(d), scale);
    }
}
