package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.kernels.Activation;
import dev.mnc.runtime.kernels.ConvGeometry;
import dev.mnc.runtime.kernels.int8.ActivationRange;
import dev.mnc.runtime.kernels.int8.ConvParams;
import dev.mnc.runtime.kernels.int8.ConvQ8;
import dev.mnc.runtime.kernels.int8.DepthwiseQ8;
import dev.mnc.runtime.kernels.int8.DepthwiseRowsQ8;
import dev.mnc.runtime.kernels.int8.GemmQ8;
import dev.mnc.runtime.kernels.int8.Int8Kernels;
import dev.mnc.runtime.kernels.int8.QuantizedMultiplier;

/**
 * conv2d_q8: TFLite's int8 CONV_2D and DEPTHWISE_CONV_2D. x [N,H,W,C] i8 per tensor, w [O,kh,kw,C/g]
 * constant i8 symmetric (per tensor or per output channel), b [O] i32 optional, y i8 per tensor.
 * At load it derives the per-channel multipliers M[o] = s_x * s_w[o] / s_y (double, then
 * {@link QuantizedMultiplier#of}, as TFLite's {@code PopulateConvolutionQuantizationParams}), the
 * quantized activation range, and packs the weights for the kernel: depthwise with multiplier 1
 * and a constant bias to {@link DepthwiseRowsQ8} (whole output rows), other depthwise (group == C,
 * one input channel per group) to {@link DepthwiseQ8}, 1x1 stride-1 unpadded ungrouped to
 * {@link ConvQ8#pointwise}, everything else to {@link ConvQ8#run}; the matrix products and the
 * requantization of whole rows run on {@link Int8Kernels}. The matrix-product paths round
 * as TFLite's ruy kernels do on x86 (half up); depthwise rounds as TFLite's depthwise kernel.
 *
 * <p>Parameter words: stride y, stride x, dilation y, dilation x, pad top, left, bottom, right,
 * group, activation (as conv2d).
 */
final class ConvQ8Op extends Operator {
    private final ConvGeometry g;
    private final ConvParams params;
    private final ConvAttributes.Kernel kind;
    private final int[][] depthwise;
    private final DepthwiseRowsQ8.Weights rows;
    private final GemmQ8.Packed[] packed;
    private final Int8Kernels kernels = Int8Kernels.get();

    ConvQ8Op(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(2, 3);
        Slot x = c.in(0);
        Slot w = c.in(1);
        Slot b = c.optIn(2);
        Slot y = c.out();
        ConvAttributes a = ConvAttributes.read(c);
        ModelFile.QuantRecord qx = c.perTensor(x, DType.I8, "input");
        ModelFile.QuantRecord qy = c.perTensor(y, DType.I8, "output");
        g = a.geometry(c, x, w, y);
        float[] ws = c.weightScales(w, g.outC());
        if (b != null) {
            c.requireType(b, DType.I32, "bias");
            c.requireShape(b, new int[] {g.outC()}, "bias");
        }
        if ((long) g.kh() * g.kw() * g.inPerGroup() > ConvParams.MAX_DEPTH) {
            throw c.fail("a window of " + g.kh() + "x" + g.kw() + "x" + g.inPerGroup()
                    + " inputs exceeds the int8 accumulator's limit of " + ConvParams.MAX_DEPTH);
        }
        kind = ConvAttributes.kernel(g, b, DepthwiseRowsQ8.fits(kernels, g));
        // TFLite's ruy matrix product rounds half up on x86; its depthwise kernel uses the reference rounding.
        params = params(qx, ws, qy, a.act(), g.outC(), g.isDepthwise() ? 0 : g.outC());
        byte[] wt = (byte[]) w.constant;
        depthwise = g.isDepthwise() ? DepthwiseQ8.packWeights(wt, g.outC(), g.kh(), g.kw()) : null;
        rows = kind == ConvAttributes.Kernel.DEPTHWISE_ROWS
                ? DepthwiseRowsQ8.Weights.of(kernels, depthwise, b == null ? null : (int[]) b.constant, 0, g.outC(),
                        g.outW())
                : null;
        packed = g.isDepthwise() ? null
                : ConvQ8.packWeights(wt, g.outC(), g.kh(), g.kw(), g.inPerGroup(), g.group());
    }

    /** TFLite's per-channel requantization constants for input, weight and output parameters. */
    static ConvParams params(ModelFile.QuantRecord qx, float[] weightScales, ModelFile.QuantRecord qy, Activation act,
            int channels, int halfUpBelow) {
        int[] mult = new int[channels];
        int[] shift = new int[channels];
        double sx = qx.scales()[0];
        double sy = qy.scales()[0];
        for (int o = 0; o < channels; o++) {
            QuantizedMultiplier m = QuantizedMultiplier.of(sx * (double) weightScales[o] / sy);
            mult[o] = m.multiplier();
            shift[o] = m.shift();
        }
        ActivationRange r = ActivationRange.of(act, qy.scales()[0], qy.zeroPoints()[0], -128, 127);
        return new ConvParams(-qx.zeroPoints()[0], qy.zeroPoints()[0], mult, shift, r.min(), r.max(), halfUpBelow);
    }

    @Override
    Step bind(Buffers bufs, Workers workers) {
        Slot x = inputs[0];
        Slot b = inputs.length > 2 ? inputs[2] : null;
        byte[] xa = (byte[]) bufs.array(x);
        int xo = bufs.offset(x);
        int[] ba = b == null ? null : (int[]) bufs.array(b);
        int bo = b == null ? 0 : bufs.offset(b);
        byte[] ya = (byte[]) bufs.array(outputs[0]);
        int yo = bufs.offset(outputs[0]);
        Workers.Range range;
        switch (kind) {
            case DEPTHWISE_ROWS -> {
                DepthwiseRowsQ8.Scratch[] s = workers.perWorker(DepthwiseRowsQ8.Scratch[]::new,
                        () -> new DepthwiseRowsQ8.Scratch(kernels, g));
                range = (from, to, wk) -> kernels.depthwise(g, params, xa, xo, rows, ya, yo, from, to, s[wk]);
            }
            case DEPTHWISE -> {
                DepthwiseQ8.Scratch[] s = workers.perWorker(DepthwiseQ8.Scratch[]::new,
                        () -> new DepthwiseQ8.Scratch(g.inC(), g.outC()));
                range = (from, to, wk) -> DepthwiseQ8.run(g, params, xa, xo, depthwise, ba, bo, ya, yo, from, to, s[wk]);
            }
            case POINTWISE -> {
                boolean tr = kernels.transposes(g.outPixels(), g.inC(), g.outC());
                GemmQ8.Scratch[] s = workers.perWorker(GemmQ8.Scratch[]::new,
                        () -> new GemmQ8.Scratch(tr, g.inC(), g.outC()));
                range = (from, to, wk) -> ConvQ8.pointwise(kernels, g, params, xa, xo, packed[0], ba, bo, ya, yo, from,
                        to, s[wk]);
            }
            default -> {
                boolean tr = ConvQ8.transposed(kernels, g);
                byte[][] patches = new byte[workers.count()][ConvQ8.patchScratchSize(kernels, g)];
                GemmQ8.Scratch[] s = workers.perWorker(GemmQ8.Scratch[]::new,
                        () -> new GemmQ8.Scratch(tr, g.patchSize(), g.outPerGroup()));
                range = (from, to, wk) -> ConvQ8.run(kernels, g, params, xa, xo, packed, ba, bo, ya, yo, from, to,
                        patches[wk], s[wk]);
            }
        }
        int units = kind.units(g);
        return () -> workers.run(units, range);
    }
}
