package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.kernels.int8.SoftmaxQ8;

/** softmax_q8: TFLite's int8 SOFTMAX (beta 1) along one axis, see {@link SoftmaxQ8}. Parameter words: axis. */
final class SoftmaxQ8Op extends Operator {
    private final int outer;
    private final int axisLen;
    private final int inner;
    private final float[] table;
    private final float outputScale;
    private final int outputZeroPoint;

    SoftmaxQ8Op(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        Slot x = c.in(0);
        int axis = c.i("axis", 0, Math.max(0, x.rank() - 1));
        c.endParams();
        if (x.rank() == 0) {
            throw c.fail("input is a scalar");
        }
        ModelFile.QuantRecord qx = c.perTensor(x, DType.I8, "input");
        ModelFile.QuantRecord qy = c.perTensor(c.out(), DType.I8, "output");
        c.requireShape(c.out(), x.shape, "output");
        int o = 1;
        int in = 1;
        for (int d = 0; d < axis; d++) {
            o *= x.dim(d);
        }
        for (int d = axis + 1; d < x.rank(); d++) {
            in *= x.dim(d);
        }
        outer = o;
        axisLen = x.dim(axis);
        inner = in;
        table = SoftmaxQ8.table(qx.scales()[0], 1.0f);
        outputScale = qy.scales()[0];
        outputZeroPoint = qy.zeroPoints()[0];
    }

    @Override
    Step bind(Buffers b, Workers w) {
        byte[] x = (byte[]) b.array(inputs[0]);
        int xo = b.offset(inputs[0]);
        byte[] y = (byte[]) b.array(outputs[0]);
        int yo = b.offset(outputs[0]);
        return () -> SoftmaxQ8.run(outer, axisLen, inner, table, outputScale, outputZeroPoint, x, xo, y, yo);
    }
}
