package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Softmax;

/** softmax of an f32 tensor along one axis (ONNX opset 13 semantics). Parameter words: axis. */
final class SoftmaxOp extends Operator {
    private final SoftmaxAxis axis;

    SoftmaxOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        Slot x = c.in(0);
        axis = SoftmaxAxis.read(c, x);
        c.requireType(x, DType.F32, "input");
        c.requireType(c.out(), DType.F32, "output");
        c.requireShape(c.out(), x.shape, "output");
    }

    @Override
    Step bind(Buffers b, Workers w) {
        float[] x = b.floats(inputs[0]);
        int xo = b.offset(inputs[0]);
        float[] y = b.floats(outputs[0]);
        int yo = b.offset(outputs[0]);
        return () -> Softmax.run(axis.outer(), axis.length(), axis.inner(), x, xo, y, yo);
    }
}
