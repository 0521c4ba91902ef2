package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Activation;
import dev.mnc.runtime.kernels.Conv2d;
import dev.mnc.runtime.kernels.ConvGeometry;
import dev.mnc.runtime.kernels.Depthwise;
import dev.mnc.runtime.kernels.DepthwiseRows;
import dev.mnc.runtime.kernels.Gemm;

/**
 * conv2d in NHWC with OHWI weights [O][kh][kw][I/g], optional bias [O] and a fused activation.
 * At load it checks the shapes, picks the kernel and packs the weights for it:
 * depthwise with multiplier 1 and a constant bias to {@link DepthwiseRows} (whole output rows),
 * other depthwise (group == C, one input channel per group, any multiplier) to {@link Depthwise};
 * 1x1 stride-1 unpadded ungrouped to {@link Conv2d#pointwise} (a GEMM on the input in place);
 * everything else (the 3-channel stem, grouped, dilated, strided, stride (2,1)) to
 * {@link Conv2d#run} (im2col + GEMM). Work is split across threads by output pixels or rows.
 *
 * <p>Parameter words: stride y, stride x, dilation y, dilation x, pad top, left, bottom, right,
 * group, activation.
 */
final class ConvOp extends Operator {
    private enum Kind { DEPTHWISE_ROWS, DEPTHWISE, POINTWISE, GENERAL }

    /** Largest kh*kw*I/g: bounds the per-thread im2col scratch (64 rows of it). */
    static final int MAX_PATCH = 1 << 20;

    private final ConvGeometry g;
    private final Activation act;
    private final Kind kind;
    private final float[][] depthwise;
    private final DepthwiseRows.Weights rows;
    private final Gemm.Packed[] packed;

    ConvOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(2, 3);
        Slot x = c.in(0);
        Slot w = c.in(1);
        Slot b = c.optIn(2);
        Slot y = c.out();
        int sy = c.i("stride", 1, 1 << 16);
        int sx = c.i("stride", 1, 1 << 16);
        int dy = c.i("dilation", 1, 1 << 16);
        int dx = c.i("dilation", 1, 1 << 16);
        int pt = c.i("pad", 0, 1 << 16);
        int pl = c.i("pad", 0, 1 << 16);
        int pb = c.i("pad", 0, 1 << 16);
        int pr = c.i("pad", 0, 1 << 16);
        int group = c.i("group", 1, Integer.MAX_VALUE);
        act = c.activation();
        c.endParams();
        for (Slot s : new Slot[] {x, w, y}) {
            c.requireType(s, DType.F32, "tensor");
            c.requireRank(s, 4, "tensor");
        }
        c.requireConstant(w, "weight");
        int n = x.dim(0);
        int h = x.dim(1);
        int wd = x.dim(2);
        int ci = x.dim(3);
        int co = w.dim(0);
        int kh = w.dim(1);
        int kw = w.dim(2);
        int ig = w.dim(3);
        if ((long) ig * group != ci || co % group != 0 || kh < 1 || kw < 1) {
            throw c.fail("weight " + java.util.Arrays.toString(w.shape) + " with group " + group + " does not fit input "
                    + java.util.Arrays.toString(x.shape));
        }
        if (b != null) {
            c.requireType(b, DType.F32, "bias");
            c.requireShape(b, new int[] {co}, "bias");
        }
        int oh = Windows.out(c, h, kh, sy, dy, pt, pb);
        int ow = Windows.out(c, wd, kw, sx, dx, pl, pr);
        c.requireShape(y, new int[] {n, oh, ow, co}, "output");
        if ((long) kh * kw * ig > MAX_PATCH) {
            throw c.fail("a window of " + kh + "x" + kw + "x" + ig + " inputs exceeds the runtime's limit of " + MAX_PATCH);
        }
        g = new ConvGeometry(n, h, wd, ci, oh, ow, co, kh, kw, sy, sx, dy, dx, pt, pl, group);
        float[] wt = (float[]) w.constant;
        DepthwiseRows.Weights rw = null;
        if (group == ci && group > 1 && ig == 1) {
            depthwise = Depthwise.packWeights(wt, 0, co, kh, kw);
            packed = null;
            boolean replicate = co == ci && (b == null || b.constant != null)
                    && (long) (kh * kw + 1) * ow * co <= DepthwiseRows.MAX_REPLICATED;
            if (replicate) {
                rw = DepthwiseRows.replicate(depthwise, b == null ? null : (float[]) b.constant, 0, co, ow);
            }
            kind = replicate ? Kind.DEPTHWISE_ROWS : Kind.DEPTHWISE;
        } else if (kh == 1 && kw == 1 && sy == 1 && sx == 1 && pt + pl + pb + pr == 0 && group == 1) {
            kind = Kind.POINTWISE;
            depthwise = null;
            packed = Conv2d.packWeights(wt, 0, co, 1, 1, ci, 1);
        } else {
            kind = Kind.GENERAL;
            depthwise = null;
            packed = Conv2d.packWeights(wt, 0, co, kh, kw, ig, group);
        }
        rows = rw;
    }

    @Override
    Step bind(Buffers bufs, Workers workers) {
        Slot x = inputs[0];
        Slot b = inputs.length > 2 ? inputs[2] : null;
        float[] xa = bufs.floats(x);
        int xo = bufs.offset(x);
        float[] ba = b == null ? null : bufs.floats(b);
        int bo = b == null ? 0 : bufs.offset(b);
        float[] ya = bufs.floats(outputs[0]);
        int yo = bufs.offset(outputs[0]);
        Workers.Range range;
        int units;
        switch (kind) {
            case DEPTHWISE_ROWS -> {
                units = g.batch() * g.outH();
                DepthwiseRows.Scratch[] s = new DepthwiseRows.Scratch[workers.count()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = new DepthwiseRows.Scratch(g);
                }
                range = (from, to, wk) -> DepthwiseRows.run(g, act, xa, xo, rows, ya, yo, from, to, s[wk]);
            }
            case DEPTHWISE -> {
                units = g.batch() * g.outH();
                Depthwise.Scratch[] s = new Depthwise.Scratch[workers.count()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = new Depthwise.Scratch(g.inC(), g.outC());
                }
                range = (from, to, wk) -> Depthwise.run(g, act, xa, xo, depthwise, ba, bo, ya, yo, from, to, s[wk]);
            }
            case POINTWISE -> {
                units = g.outPixels();
                Gemm.Params gp = Conv2d.pointwiseParams(g.inC(), g.outC(), g.outPixels(), act);
                Gemm.Scratch[] s = new Gemm.Scratch[workers.count()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = new Gemm.Scratch(gp, g.inC(), g.outC());
                }
                range = (from, to, wk) -> Conv2d.pointwise(gp, xa, xo, packed[0], ba, bo, ya, yo, from, to, s[wk]);
            }
            default -> {
                units = g.outPixels();
                Gemm.Params gp = Conv2d.gemmParams(g, act);
                float[][] patches = new float[workers.count()][Conv2d.patchScratchSize(g, gp)];
                Gemm.Scratch[] s = new Gemm.Scratch[workers.count()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = new Gemm.Scratch(gp, g.patchSize(), g.outPerGroup());
                }
                range = (from, to, wk) -> Conv2d.run(g, gp, xa, xo, packed, ba, bo, ya, yo, from, to, patches[wk],
                        s[wk]);
            }
        }
        return () -> workers.run(units, range);
    }
}
