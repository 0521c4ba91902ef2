package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Affine;

/**
 * batch_norm for graphs that keep one: y = (x - mean) * gamma / sqrt(var + eps) + beta over the
 * channel axis. The per-channel scale is recomputed each run from the four [C] inputs (C
 * operations, nothing next to the tensor), so the parameters may be constants or computed.
 *
 * <p>Inputs: x, gamma, beta, mean, var. Parameter words: epsilon (f32), channel axis.
 */
final class BatchNormOp extends Operator {
    private final float eps;
    private final int outer;
    private final int channels;
    private final int inner;

    BatchNormOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(5, 5);
        Slot x = c.in(0);
        eps = c.finite("epsilon");
        int axis = c.i("channel axis", 0, Math.max(0, x.rank() - 1));
        c.endParams();
        if (eps < 0) {
            throw c.fail("epsilon " + eps + " is negative");
        }
        c.requireType(x, DType.F32, "input");
        c.requireShape(c.out(), x.shape, "output");
        c.requireType(c.out(), DType.F32, "output");
        if (x.rank() < 2) {
            throw c.fail("input must have rank 2 or more");
        }
        channels = x.dim(axis);
        for (int i = 1; i < 5; i++) {
            c.requireType(c.in(i), DType.F32, "parameter");
            c.requireShape(c.in(i), new int[] {channels}, "parameter");
        }
        int o = 1;
        for (int d = 0; d < axis; d++) {
            o *= x.dim(d);
        }
        int in = 1;
        for (int d = axis + 1; d < x.rank(); d++) {
            in *= x.dim(d);
        }
        outer = o;
        inner = in;
    }

    @Override
    Step bind(Buffers b, Workers w) {
        float[] scale = new float[channels];
        float[] x = b.floats(inputs[0]);
        int xo = b.offset(inputs[0]);
        float[] gamma = b.floats(inputs[1]);
        int go = b.offset(inputs[1]);
        float[] beta = b.floats(inputs[2]);
        int bo = b.offset(inputs[2]);
        float[] mean = b.floats(inputs[3]);
        int mo = b.offset(inputs[3]);
        float[] var = b.floats(inputs[4]);
        int vo = b.offset(inputs[4]);
        float[] y = b.floats(outputs[0]);
        int yo = b.offset(outputs[0]);
        return () -> {
            Affine.scales(channels, eps, gamma, go, var, vo, scale);
            if (inner == 1) {
                Affine.channelsLast(outer, channels, x, xo, scale, mean, mo, beta, bo, y, yo);
            } else {
                Affine.run(outer, channels, inner, x, xo, scale, mean, mo, beta, bo, y, yo);
            }
        };
    }
}
