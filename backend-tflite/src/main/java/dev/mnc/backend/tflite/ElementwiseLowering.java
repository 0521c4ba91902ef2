package dev.mnc.backend.tflite;

import dev.mnc.ir.DType;
import dev.mnc.ir.Node;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.BatchNorm;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.HardSigmoid;
import dev.mnc.ir.ops.LeakyRelu;
import java.util.Arrays;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptions;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.DivOptions;
import org.tensorflow.lite.schema.LeakyReluOptions;
import org.tensorflow.lite.schema.MulOptions;
import org.tensorflow.lite.schema.SubOptions;

/**
 * Lowers elementwise ops. Binary arithmetic maps to ADD/SUB/MUL/DIV, each with its fused
 * activation (all four option tables carry one). Activations map to their TFLite op; a clip is
 * RELU, RELU6 or RELU_N1_TO_1 when its bounds are those, nothing when it clamps nothing, else
 * MINIMUM then MAXIMUM with one-element constants.
 *
 * <p>hard_sigmoid(x) = max(0, min(1, a*x + b)) becomes MUL by a, ADD of b with a fused RELU
 * (max(0, .)), then MINIMUM with 1: the same three float operations in the same order as the
 * definition, so the result is what a direct evaluation gives, with no rescaling that would
 * round differently. batch_norm (when a pass left one) becomes MUL by gamma / sqrt(var + eps) and
 * ADD of beta - mean * gamma / sqrt(var + eps), both folded per channel in double precision.
 */
final class ElementwiseLowering {
    private ElementwiseLowering() {}

    static void binary(Lowering l, Node n, Binary op) {
        Value y = n.output();
        byte act = Activations.code(op.activation());
        int a = l.in(n.input(0));
        int b = l.in(n.input(1));
        switch (op.kind()) {
            case ADD -> l.op(BuiltinOperator.ADD, new int[] {a, b}, new int[] {l.define(y)}, BuiltinOptions.AddOptions,
                    AddOptions.createAddOptions(l.fb(), act, false));
            case SUB -> l.op(BuiltinOperator.SUB, new int[] {a, b}, new int[] {l.define(y)}, BuiltinOptions.SubOptions,
                    SubOptions.createSubOptions(l.fb(), act, false));
            case MUL -> l.op(BuiltinOperator.MUL, new int[] {a, b}, new int[] {l.define(y)}, BuiltinOptions.MulOptions,
                    MulOptions.createMulOptions(l.fb(), act));
            case DIV -> {
                if (y.dtype() == DType.I8 || y.dtype() == DType.I16) {
                    throw Unsupported.of(n, "TFLite's DIV has no " + y.dtype() + " kernel",
                            "keep this division in float or turn it into a MUL by the reciprocal");
                }
                l.op(BuiltinOperator.DIV, new int[] {a, b}, new int[] {l.define(y)}, BuiltinOptions.DivOptions,
                        DivOptions.createDivOptions(l.fb(), act));
            }
        }
    }

    /** An op with one input, one output and no options (RELU, LOGISTIC, HARD_SWISH, ...). */
    static void unary(Lowering l, Node n, int builtin) {
        l.op(builtin, new int[] {l.in(n.input(0))}, new int[] {l.define(n.output())}, BuiltinOptions.NONE, 0);
    }

    static void leakyRelu(Lowering l, Node n, LeakyRelu op) {
        l.op(BuiltinOperator.LEAKY_RELU, new int[] {l.in(n.input(0))}, new int[] {l.define(n.output())},
                BuiltinOptions.LeakyReluOptions, LeakyReluOptions.createLeakyReluOptions(l.fb(), op.alpha()));
    }

    static void clip(Lowering l, Node n, Clip op) {
        Value x = n.input(0);
        Value y = n.output();
        Activation a = Activation.forBounds(op.min(), op.max());
        if (a != null) {
            int builtin = switch (a) {
                case RELU -> BuiltinOperator.RELU;
                case RELU6 -> BuiltinOperator.RELU6;
                case RELU_N1_TO_1 -> BuiltinOperator.RELU_N1_TO_1;
                case NONE -> throw new IllegalStateException("forBounds never returns NONE");
            };
            unary(l, n, builtin);
            return;
        }
        boolean upper = op.max() != Float.POSITIVE_INFINITY;
        boolean lower = op.min() != Float.NEGATIVE_INFINITY;
        if (!upper && !lower) {
            l.alias(y, x);
            return;
        }
        int t = l.in(x);
        if (upper) {
            int max = l.scalarLike(y.name() + "/max", x, op.max(), 1);
            int out = lower ? l.activationLike(y.name() + "/clamped_above", y, Lowering.dims(y)) : l.define(y);
            l.op(BuiltinOperator.MINIMUM, new int[] {t, max}, new int[] {out}, BuiltinOptions.NONE, 0);
            t = out;
        }
        if (lower) {
            int min = l.scalarLike(y.name() + "/min", x, op.min(), 1);
            l.op(BuiltinOperator.MAXIMUM, new int[] {t, min}, new int[] {l.define(y)}, BuiltinOptions.NONE, 0);
        }
    }

    static void hardSigmoid(Lowering l, Node n, HardSigmoid op) {
        Value x = n.input(0);
        Value y = n.output();
        requireFloat(n, x, "keep hard_sigmoid in float (a quantized hard_sigmoid is not written yet)");
        int[] shape = Lowering.dims(y);
        int alpha = l.scalarLike(y.name() + "/alpha", x, op.alpha(), 1);
        int beta = l.scalarLike(y.name() + "/beta", x, op.beta(), 1);
        int one = l.scalarLike(y.name() + "/one", x, 1f, 1);
        int scaled = l.activationLike(y.name() + "/scaled", y, shape);
        int shifted = l.activationLike(y.name() + "/shifted", y, shape);
        l.op(BuiltinOperator.MUL, new int[] {l.in(x), alpha}, new int[] {scaled}, BuiltinOptions.MulOptions,
                MulOptions.createMulOptions(l.fb(), ActivationFunctionType.NONE));
        l.op(BuiltinOperator.ADD, new int[] {scaled, beta}, new int[] {shifted}, BuiltinOptions.AddOptions,
                AddOptions.createAddOptions(l.fb(), ActivationFunctionType.RELU, false));
        l.op(BuiltinOperator.MINIMUM, new int[] {shifted, one}, new int[] {l.define(y)}, BuiltinOptions.NONE, 0);
    }

    static void batchNorm(Lowering l, Node n, BatchNorm op) {
        Value x = n.input(0);
        Value y = n.output();
        requireFloat(n, x, "fold batch_norm into the preceding conv before quantizing");
        for (int i = 1; i < 5; i++) {
            if (!n.input(i).isConstant()) {
                throw Unsupported.of(n, "its parameter " + n.input(i).name() + " is not a constant",
                        "fold the batch_norm parameters into constants before export");
            }
        }
        float[] gamma = n.input(1).data().toFloats();
        float[] beta = n.input(2).data().toFloats();
        float[] mean = n.input(3).data().toFloats();
        float[] var = n.input(4).data().toFloats();
        int c = gamma.length;
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int i = 0; i < c; i++) {
            double s = gamma[i] / Math.sqrt((double) var[i] + op.epsilon());
            scale[i] = (float) s;
            shift[i] = (float) (beta[i] - mean[i] * s);
        }
        int rank = x.type().rank();
        int axis = op.channelAxis(rank);
        int[] shape = new int[rank - axis];
        Arrays.fill(shape, 1);
        shape[0] = c;
        int scaleT = l.constant(y.name() + "/bn_scale", TensorData.ofFloats(Shape.of(shape), scale), null);
        int shiftT = l.constant(y.name() + "/bn_shift", TensorData.ofFloats(Shape.of(shape), shift), null);
        int scaled = l.activationLike(y.name() + "/bn_scaled", y, Lowering.dims(y));
        l.op(BuiltinOperator.MUL, new int[] {l.in(x), scaleT}, new int[] {scaled}, BuiltinOptions.MulOptions,
                MulOptions.createMulOptions(l.fb(), ActivationFunctionType.NONE));
        l.op(BuiltinOperator.ADD, new int[] {scaled, shiftT}, new int[] {l.define(y)}, BuiltinOptions.AddOptions,
                AddOptions.createAddOptions(l.fb(), ActivationFunctionType.NONE, false));
    }

    private static void requireFloat(Node n, Value x, String whatToDo) {
        if (x.dtype() != DType.F32) {
            throw Unsupported.of(n, "it is written for float and its input is " + x.dtype(), whatToDo);
        }
    }
}
