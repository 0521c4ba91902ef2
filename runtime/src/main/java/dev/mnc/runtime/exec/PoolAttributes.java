package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Pool2d;

/**
 * What the float and int8 pooling ops share at load: the parameter words (kernel h, w, stride y,
 * x, pad top, left, bottom, right, and for an average count_include_pad, 0 or 1) and the shapes
 * they imply, x [N,H,W,C] to y [N,OH,OW,C] with OH and OW by {@link Windows#out}. Each op keeps
 * its dtype and quantization checks.
 */
record PoolAttributes(int kh, int kw, int sy, int sx, int pt, int pl, int pb, int pr, boolean countIncludePad) {

    /** Reads the parameter words, the last of the record; only an average has count_include_pad. */
    static PoolAttributes read(OpContext c, boolean average) throws ModelFormatException {
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
        return new PoolAttributes(kh, kw, sy, sx, pt, pl, pb, pr, include);
    }

    /** Checks the input's rank and the output's shape; the kernels' parameters. */
    Pool2d.Params params(OpContext c, Slot x, Slot y) throws ModelFormatException {
        c.requireRank(x, 4, "input");
        int oh = Windows.out(c, x.dim(1), kh, sy, 1, pt, pb);
        int ow = Windows.out(c, x.dim(2), kw, sx, 1, pl, pr);
        c.requireShape(y, new int[] {x.dim(0), oh, ow, x.dim(3)}, "output");
        return new Pool2d.Params(x.dim(0), x.dim(1), x.dim(2), x.dim(3), oh, ow, kh, kw, sy, sx, pt, pl, pb, pr,
                countIncludePad);
    }
}
