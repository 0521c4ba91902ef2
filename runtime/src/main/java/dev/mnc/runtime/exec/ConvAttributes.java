package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Activation;
import dev.mnc.runtime.kernels.ConvGeometry;
import java.util.Arrays;

/**
 * What conv2d and conv2d_q8 share at load, so that the float and int8 ops agree on it: the
 * parameter words (stride y, x, dilation y, x, pad top, left, bottom, right, group, activation),
 * the shapes they imply (x [N,H,W,C], w [O,kh,kw,C/g], y [N,OH,OW,O], OH and OW by
 * {@link Windows#out}) and which kernel family runs the result. Each op keeps what differs:
 * dtypes, quantization, weight packing and its kernels' limits.
 */
record ConvAttributes(int sy, int sx, int dy, int dx, int pt, int pl, int pb, int pr, int group, Activation act) {

    /** The kernel families, from the most specialised; see {@link #kernel}. */
    enum Kernel {
        /** Depthwise, multiplier 1, constant bias: whole output rows against replicated weights. */
        DEPTHWISE_ROWS,
        /** Any other depthwise (group == C, one input channel per group). */
        DEPTHWISE,
        /** 1x1, stride 1, unpadded, ungrouped: a GEMM on the input in place. */
        POINTWISE,
        /** Everything else: im2col + GEMM. */
        GENERAL;

        /** Work units the op splits across threads: output rows for depthwise, else output pixels. */
        int units(ConvGeometry g) {
            return this == DEPTHWISE_ROWS || this == DEPTHWISE ? g.batch() * g.outH() : g.outPixels();
        }
    }

    /** Reads the parameter words, the last of the record. */
    static ConvAttributes read(OpContext c) throws ModelFormatException {
        int sy = c.i("stride", 1, 1 << 16);
        int sx = c.i("stride", 1, 1 << 16);
        int dy = c.i("dilation", 1, 1 << 16);
        int dx = c.i("dilation", 1, 1 << 16);
        int pt = c.i("pad", 0, 1 << 16);
        int pl = c.i("pad", 0, 1 << 16);
        int pb = c.i("pad", 0, 1 << 16);
        int pr = c.i("pad", 0, 1 << 16);
        int group = c.i("group", 1, Integer.MAX_VALUE);
        Activation act = c.activation();
        c.endParams();
        return new ConvAttributes(sy, sx, dy, dx, pt, pl, pb, pr, group, act);
    }

    /** Checks the ranks, that the weight fits the input and group, and the output shape; the geometry. */
    ConvGeometry geometry(OpContext c, Slot x, Slot w, Slot y) throws ModelFormatException {
        for (Slot s : new Slot[] {x, w, y}) {
            c.requireRank(s, 4, "tensor");
        }
        int ci = x.dim(3);
        int co = w.dim(0);
        int kh = w.dim(1);
        int kw = w.dim(2);
        if ((long) w.dim(3) * group != ci || co % group != 0 || kh < 1 || kw < 1) {
            throw c.fail("weight " + Arrays.toString(w.shape) + " with group " + group + " does not fit input "
                    + Arrays.toString(x.shape));
        }
        int oh = Windows.out(c, x.dim(1), kh, sy, dy, pt, pb);
        int ow = Windows.out(c, x.dim(2), kw, sx, dx, pl, pr);
        c.requireShape(y, new int[] {x.dim(0), oh, ow, co}, "output");
        return new ConvGeometry(x.dim(0), x.dim(1), x.dim(2), ci, oh, ow, co, kh, kw, sy, sx, dy, dx, pt, pl, group);
    }

    /**
     * The kernel family for {@code g}: depthwise with multiplier 1 and a constant (or no) bias runs
     * whole rows when {@code rowsFit} (the op's size limit for replicated weights) holds.
     */
    static Kernel kernel(ConvGeometry g, Slot bias, boolean rowsFit) {
        if (g.isDepthwise()) {
            boolean rows = g.outC() == g.inC() && (bias == null || bias.constant != null) && rowsFit;
            return rows ? Kernel.DEPTHWISE_ROWS : Kernel.DEPTHWISE;
        }
        return g.isPointwise() ? Kernel.POINTWISE : Kernel.GENERAL;
    }
}
