package dev.mnc.quantize;

import dev.mnc.ir.DType;
import dev.mnc.ir.Layout;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.AvgPool2d;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.Concat;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.Gather;
import dev.mnc.ir.ops.HardSwish;
import dev.mnc.ir.ops.MaxPool2d;
import dev.mnc.ir.ops.Mean;
import dev.mnc.ir.ops.Op;
import dev.mnc.ir.ops.Pad;
import dev.mnc.ir.ops.Relu;
import dev.mnc.ir.ops.Reshape;
import dev.mnc.ir.ops.Resize;
import dev.mnc.ir.ops.Sigmoid;
import dev.mnc.ir.ops.Slice;
import dev.mnc.ir.ops.Softmax;
import dev.mnc.ir.ops.Transpose;

/**
 * How each IR op takes part in an int8 graph: the quantization constraints of the TFLite int8
 * specification, stated once for the whole quantizer (see the IR's "Quantized graphs" notes).
 */
final class Int8Ops {
    private Int8Ops() {}

    /** An op's role in quantization. */
    enum Kind {
        /** conv2d, fully_connected: int8 weights per channel or tensor, int32 bias, own output parameters. */
        WEIGHTED,
        /** add, sub, mul, mean, hard_swish, relu: every input and the output rescale freely. */
        RESCALE,
        /** Pooling, reshape, transpose, concat, pad, resize, slice, gather, clip: output parameters equal the inputs'. */
        SAME,
        /** softmax, sigmoid: output fixed at scale 1/256, zero point -128. */
        FIXED,
        /**
         * Everything that does not have int8 kernels in both TFLite and the native runtime (batch_norm,
         * div, hard_sigmoid, matmul, conv_transpose2d, leaky_relu, ...): stays float, with
         * dequantize/quantize around it, so that one int8 graph runs on either backend.
         */
        FLOAT
    }

    /** The role of node {@code n} (a node of a float graph). */
    static Kind kind(Node n) {
        Op op = n.op();
        if (n.numInputs() == 0 || n.input(0).dtype() != DType.F32 || n.outputs().size() != 1
                || n.output().dtype() != DType.F32) {
            return Kind.FLOAT;
        }
        if (op instanceof Conv2d c) {
            return c.layout() == Layout.NHWC && constantWeights(n) ? Kind.WEIGHTED : Kind.FLOAT;
        }
        if (op instanceof FullyConnected) {
            return constantWeights(n) ? Kind.WEIGHTED : Kind.FLOAT;
        }
        if (op instanceof Binary b) {
            return b.kind() == Binary.Kind.DIV || !floatOperands(n) ? Kind.FLOAT : Kind.RESCALE;
        }
        if (op instanceof Mean || op instanceof HardSwish || op instanceof Relu) {
            return Kind.RESCALE;
        }
        if (op instanceof Sigmoid || op instanceof Softmax) {
            return Kind.FIXED;
        }
        if (op instanceof AvgPool2d p) {
            return p.layout() == Layout.NHWC && poolsWithoutCorrection(n, p) ? Kind.SAME : Kind.FLOAT;
        }
        if (op instanceof Concat) {
            return floatOperands(n) ? Kind.SAME : Kind.FLOAT;
        }
        if (op instanceof MaxPool2d || op instanceof Reshape || op instanceof Transpose || op instanceof Pad
                || op instanceof Resize || op instanceof Slice || op instanceof Gather || op instanceof Clip) {
            return Kind.SAME;
        }
        return Kind.FLOAT;
    }

    /** The inputs that carry quantized data: all for concat and binary ops, else the first. */
    static int dataInputs(Node n) {
        Op op = n.op();
        return op instanceof Concat || op instanceof Binary ? n.numInputs() : 1;
    }

    /** The fused activation slot of {@code op}, or null when it has none. */
    static Activation activation(Op op) {
        if (op instanceof Conv2d c) {
            return c.activation();
        }
        if (op instanceof FullyConnected f) {
            return f.activation();
        }
        if (op instanceof Binary b) {
            return b.activation();
        }
        return null;
    }

    /** {@code op} with its fused activation replaced (op must have a slot). */
    static Op withActivation(Op op, Activation a) {
        if (op instanceof Conv2d c) {
            return c.withActivation(a);
        }
        if (op instanceof FullyConnected f) {
            return f.withActivation(a);
        }
        if (op instanceof Binary b) {
            return b.withActivation(a);
        }
        throw new IllegalArgumentException(op.name() + " has no fused activation");
    }

    private static boolean constantWeights(Node n) {
        for (int i = 1; i < n.numInputs(); i++) {
            Value v = n.input(i);
            if (!v.isConstant() || v.dtype() != DType.F32) {
                return false;
            }
        }
        return n.numInputs() >= 2;
    }

    private static boolean floatOperands(Node n) {
        for (Value v : n.inputs()) {
            if (v.dtype() != DType.F32) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when TFLite's AVERAGE_POOL_2D computes this pool directly: no pads, pads that SAME
     * reproduces, or pads counted in the divisor (a PAD of the zero point first). Other pads
     * need a per-position correction MUL, which TFLite's int8 path does not take.
     */
    private static boolean poolsWithoutCorrection(Node n, AvgPool2d p) {
        int[] pads = p.pads();
        if (pads[0] == 0 && pads[1] == 0 && pads[2] == 0 && pads[3] == 0) {
            return true;
        }
        if (p.countIncludePad()) {
            return true;
        }
        int[] x = n.input(0).shape().toIntArray();
        long[] h = same(x[1], p.kernel()[0], p.strides()[0]);
        long[] w = same(x[2], p.kernel()[1], p.strides()[1]);
        return pads[0] == h[0] && pads[2] == h[1] && pads[1] == w[0] && pads[3] == w[1];
    }

    /** TFLite's SAME pads [before, after] along one axis: the odd pixel goes after. */
    private static long[] same(long in, int k, int s) {
        long out = (in + s - 1) / s;
        long total = Math.max((out - 1) * s + k - in, 0);
        return new long[] {total / 2, total - total / 2};
    }
}
