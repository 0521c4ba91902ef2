package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.kernels.Mean;
import dev.mnc.runtime.kernels.int8.MeanQ8;
import dev.mnc.runtime.kernels.int8.QuantizedMultiplier;

/**
 * mean_q8: TFLite's int8 MEAN with requantization to the output's parameters. Like TFLite it uses
 * {@link MeanQ8#spatial} for a rank-4 input reduced over axes 1 and 2 with keep_dims, and
 * {@link MeanQ8#general} for everything else; the two round differently, so the choice is part of
 * the op's meaning. Parameter words as mean.
 */
final class MeanQ8Op extends Operator {
    private final int[] shape;
    private final int[] outStrides;
    private final boolean spatial;
    private final int outer;
    private final int reduce;
    private final int inner;
    private final int outCount;
    private final long count;
    private final MeanQ8.Spatial spatialParams;
    private final QuantizedMultiplier folded;
    private final int zpX;
    private final int zpY;

    MeanQ8Op(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        Slot x = c.in(0);
        MeanAxes axes = MeanAxes.read(c, x);
        shape = x.shape;
        ModelFile.QuantRecord qx = c.perTensor(x, DType.I8, "input");
        ModelFile.QuantRecord qy = c.perTensor(c.out(), DType.I8, "output");
        c.requireShape(c.out(), axes.outShape(x.shape), "output");
        long cnt = axes.elements(x.shape);
        if (cnt > MeanQ8.MAX_REDUCTION) {
            throw c.fail("a mean over " + cnt + " elements exceeds the int8 limit of " + MeanQ8.MAX_REDUCTION);
        }
        count = Math.max(cnt, 1);
        boolean[] reduced = axes.reduced();
        spatial = axes.keepDims() && x.rank() == 4 && axes.count() == 2 && reduced[1] && reduced[2];
        outer = x.rank() == 4 ? x.dim(0) : 1;
        reduce = x.rank() == 4 ? x.dim(1) * x.dim(2) : 1;
        inner = x.rank() == 4 ? x.dim(3) : 1;
        outCount = c.out().count;
        outStrides = Mean.outStrides(shape, reduced);
        zpX = qx.zeroPoints()[0];
        zpY = qy.zeroPoints()[0];
        spatialParams = MeanQ8.Spatial.of((int) count, qx.scales()[0], zpX, qy.scales()[0], zpY);
        folded = MeanQ8.folded(QuantizedMultiplier.of((double) qx.scales()[0] / (double) qy.scales()[0]), count);
    }

    @Override
    Step bind(Buffers b, Workers w) {
        byte[] x = (byte[]) b.array(inputs[0]);
        int xo = b.offset(inputs[0]);
        byte[] y = (byte[]) b.array(outputs[0]);
        int yo = b.offset(outputs[0]);
        if (spatial) {
            int[] acc = new int[inner];
            return () -> MeanQ8.spatial(outer, reduce, inner, spatialParams, x, xo, y, yo, acc);
        }
        int[] sums = new int[outCount];
        int[] idx = new int[shape.length];
        return () -> MeanQ8.general(shape, outStrides, folded, zpX, zpY, count, x, xo, y, yo, outCount, sums, idx);
    }
}
