package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Softmax;

/** softmax of an f32 tensor along one axis (ONNX opset 13 semantics). Parameter words: axis. */
final class SoftmaxOp extends Operator {
    private final int outer;
    private final int axisLen;
    private final int inner;

    SoftmaxOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        Slot x = c.in(0);
        int axis = c.i("axis", 0, Math.max(0, x.rank() - 1));
        c.endParams();
        if (x.rank() == 0) {
            throw c.fail("input is a scalar");
        }
        c.requireType(x, DType.F32, "input");
        c.requireType(c.out(), DType.F32, "output");
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
    }

    @Override
    Step bind(Buffers b, Workers w) {
        float[] x = b.floats(inputs[0]);
        int xo = b.offset(inputs[0]);
        float[] y = b.floats(outputs[0]);
        int yo = b.offset(outputs[0]);
        return () -> Softmax.run(outer, axisLen, inner, x, xo, y, yo);
    }
}
