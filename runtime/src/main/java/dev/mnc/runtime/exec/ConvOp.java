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
    /** Largest kh*kw*I/g: bounds the per-thread im2col scratch (64 rows of it). */
    static final int MAX_PATCH = 1 << 20;

    private final ConvGeometry g;
    private final Activation act;
    private final ConvAttributes.Kernel kind;
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
        ConvAttributes a = ConvAttributes.read(c);
        act = a.act();
        for (Slot s : new Slot[] {x, w, y}) {
            c.requireType(s, DType.F32, "tensor");
        }
        c.requireConstant(w, "weight");
        g = a.geometry(c, x, w, y);
        if (b != null) {
            c.requireType(b, DType.F32, "bias");
            c.requireShape(b, new int[] {g.outC()}, "bias");
        }
        if ((long) g.kh() * g.kw() * g.inPerGroup() > MAX_PATCH) {
            throw c.fail("a window of " + g.kh() + "x" + g.kw() + "x" + g.inPerGroup()
                    + " inputs exceeds the runtime's limit of " + MAX_PATCH);
        }
        kind = ConvAttributes.kernel(g, b, (long) (g.kh() * g.kw() + 1) * g.outW() * g.outC()
                <= DepthwiseRows.MAX_REPLICATED);
        float[] wt = (float[]) w.constant;
        depthwise = g.isDepthwise() ? Depthwise.packWeights(wt, 0, g.outC(), g.kh(), g.kw()) : null;
        rows = kind == ConvAttributes.Kernel.DEPTHWISE_ROWS
                ? DepthwiseRows.replicate(depthwise, b == null ? null : (float[]) b.constant, 0, g.outC(), g.outW())
                : null;
        packed = g.isDepthwise() ? null
                : Conv2d.packWeights(wt, 0, g.outC(), g.kh(), g.kw(), g.inPerGroup(), g.group());
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
        switch (kind) {
            case DEPTHWISE_ROWS -> {
                DepthwiseRows.Scratch[] s = workers.perWorker(DepthwiseRows.Scratch[]::new,
                        () -> new DepthwiseRows.Scratch(g));
                range = (from, to, wk) -> DepthwiseRows.run(g, act, xa, xo, rows, ya, yo, from, to, s[wk]);
            }
            case DEPTHWISE -> {
                Depthwise.Scratch[] s = workers.perWorker(Depthwise.Scratch[]::new,
                        () -> new Depthwise.Scratch(g.inC(), g.outC()));
                range = (from, to, wk) -> Depthwise.run(g, act, xa, xo, depthwise, ba, bo, ya, yo, from, to, s[wk]);
            }
            case POINTWISE -> {
                Gemm.Params gp = Conv2d.pointwiseParams(g.inC(), g.outC(), g.outPixels(), act);
                Gemm.Scratch[] s = workers.perWorker(Gemm.Scratch[]::new,
                        () -> new Gemm.Scratch(gp, g.inC(), g.outC()));
                range = (from, to, wk) -> Conv2d.pointwise(gp, xa, xo, packed[0], ba, bo, ya, yo, from, to, s[wk]);
            }
            default -> {
                Gemm.Params gp = Conv2d.gemmParams(g, act);
                float[][] patches = new float[workers.count()][Conv2d.patchScratchSize(g, gp)];
                Gemm.Scratch[] s = workers.perWorker(Gemm.Scratch[]::new,
                        () -> new Gemm.Scratch(gp, g.patchSize(), g.outPerGroup()));
                range = (from, to, wk) -> Conv2d.run(g, gp, xa, xo, packed, ba, bo, ya, yo, from, to, patches[wk],
                        s[wk]);
            }
        }
        int units = kind.units(g);
        return () -> workers.run(units, range);
    }
}
