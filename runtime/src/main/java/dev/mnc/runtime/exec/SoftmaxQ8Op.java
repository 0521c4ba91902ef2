package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.kernels.int8.SoftmaxQ8;

/** softmax_q8: TFLite's int8 SOFTMAX (beta 1) along one axis, see {@link SoftmaxQ8}. Parameter words: axis. */
final class SoftmaxQ8Op extends Operator {
    private final SoftmaxAxis axis;
    private final float[] table;
    private final float outputScale;
    private final int outputZeroPoint;

    SoftmaxQ8Op(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        Slot x = c.in(0);
        axis = SoftmaxAxis.read(c, x);
        ModelFile.QuantRecord qx = c.perTensor(x, DType.I8, "input");
        ModelFile.QuantRecord qy = c.perTensor(c.out(), DType.I8, "output");
        c.requireShape(c.out(), x.shape, "output");
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
        return () -> SoftmaxQ8.run(axis.outer(), axis.length(), axis.inner(), table, outputScale, outputZeroPoint, x, xo, y, yo);
    }
}
