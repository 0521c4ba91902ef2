package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.OpCode;
import dev.mnc.runtime.kernels.Unary;

/**
 * The elementwise f32 activations: relu, clip (words: min, max as f32; infinities allowed),
 * sigmoid, hard_sigmoid (words: alpha, beta), hard_swish, leaky_relu (word: alpha).
 */
final class UnaryOp extends Operator {
    private final OpCode op;
    private final float p0;
    private final float p1;
    private final int n;

    UnaryOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        op = c.record.op();
        switch (op) {
            case CLIP -> {
                p0 = c.f();
                p1 = c.f();
                if (Float.isNaN(p0) || Float.isNaN(p1) || p0 > p1) {
                    throw c.fail("bounds [" + p0 + ", " + p1 + "] are not an interval");
                }
            }
            case HARD_SIGMOID -> {
                p0 = c.finite("alpha");
                p1 = c.finite("beta");
            }
            case LEAKY_RELU -> {
                p0 = c.finite("alpha");
                p1 = 0f;
            }
            default -> {
                p0 = 0f;
                p1 = 0f;
            }
        }
        c.endParams();
        Slot x = c.in(0);
        c.requireType(x, DType.F32, "input");
        c.requireType(c.out(), DType.F32, "output");
        c.requireShape(c.out(), x.shape, "output");
        n = x.count;
    }

    @Override
    Step bind(Buffers b, Workers w) {
        float[] x = b.floats(inputs[0]);
        int xo = b.offset(inputs[0]);
        float[] y = b.floats(outputs[0]);
        int yo = b.offset(outputs[0]);
        return switch (op) {
            case RELU -> () -> Unary.relu(x, xo, y, yo, n);
            case CLIP -> () -> Unary.clip(x, xo, y, yo, n, p0, p1);
            case SIGMOID -> () -> Unary.sigmoid(x, xo, y, yo, n);
            case HARD_SIGMOID -> () -> Unary.hardSigmoid(x, xo, y, yo, n, p0, p1);
            case HARD_SWISH -> () -> Unary.hardSwish(x, xo, y, yo, n);
            default -> () -> Unary.leakyRelu(x, xo, y, yo, n, p0);
        };
    }
}
