package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.kernels.int8.MeanQ8;
import dev.mnc.runtime.kernels.int8.QuantizedMultiplier;
import java.util.ArrayList;
import java.util.List;

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
        boolean keep = c.i("keep_dims", 0, 1) == 1;
        int n = c.i("axis count", 1, Math.max(1, x.rank()));
        shape = x.shape;
        boolean[] reduced = new boolean[x.rank()];
        int prev = -1;
        for (int i = 0; i < n; i++) {
            int a = c.i("axis", prev + 1, x.rank() - 1);
            reduced[a] = true;
            prev = a;
        }
        c.endParams();
        ModelFile.QuantRecord qx = c.perTensor(x, DType.I8, "input");
        ModelFile.QuantRecord qy = c.perTensor(c.out(), DType.I8, "output");
        List<Integer> out = new ArrayList<>();
        long cnt = 1;
        for (int d = 0; d < x.rank(); d++) {
            if (reduced[d]) {
                cnt *= x.dim(d);
                if (keep) {
                    out.add(1);
                }
            } else {
                out.add(x.dim(d));
            }
        }
        c.requireShape(c.out(), out.stream().mapToInt(Integer::intValue).toArray(), "output");
        if (cnt > MeanQ8.MAX_REDUCTION) {
            throw c.fail("a mean over " + cnt + " elements exceeds the int8 limit of " + MeanQ8.MAX_REDUCTION);
        }
        count = Math.max(cnt, 1);
        spatial = keep && x.rank() == 4 && n == 2 && reduced[1] && reduced[2];
        outer = x.rank() == 4 ? x.dim(0) : 1;
        reduce = x.rank() == 4 ? x.dim(1) * x.dim(2) : 1;
        inner = x.rank() == 4 ? x.dim(3) : 1;
        outCount = c.out().count;
        outStrides = MeanQ8.outStrides(shape, reduced);
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
