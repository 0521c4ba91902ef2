package dev.mnc.frontend.onnx;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.HardSigmoid;
import dev.mnc.ir.ops.HardSwish;
import dev.mnc.ir.ops.Identity;
import dev.mnc.ir.ops.LeakyRelu;
import dev.mnc.ir.ops.Op;
import dev.mnc.ir.ops.Relu;
import dev.mnc.ir.ops.Sigmoid;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Elementwise one-input ops: Relu, Sigmoid, HardSwish, HardSigmoid (alpha, beta kept as given),
 * LeakyRelu, Clip, and Identity and inference-mode Dropout (both IR {@code identity}; Identity on a
 * constant is folded).
 *
 * <p>Clip's bounds are attributes before opset 11 (default: the float range) and optional
 * inputs from 11 on; either way they must be constants, and an absent bound is unbounded.
 * Dropout must not be asked for training (a {@code training_mode} input that is not constant
 * false) nor have its mask output used.
 */
final class ActivationOps {
    private ActivationOps() {}

    static void register(Map<String, OpConverter> m) {
        m.put("Relu", unary(a -> new Relu()));
        m.put("Sigmoid", unary(a -> new Sigmoid()));
        m.put("HardSwish", unary(a -> new HardSwish()));
        m.put("HardSigmoid", unary(a -> new HardSigmoid(a.getFloat("alpha", 0.2f), a.getFloat("beta", 0.5f))));
        m.put("LeakyRelu", unary(a -> new LeakyRelu(a.getFloat("alpha", 0.01f))));
        m.put("Clip", ActivationOps::clip);
        m.put("Identity", ActivationOps::identity);
        m.put("Dropout", ActivationOps::dropout);
    }

    private static OpConverter unary(Function<NodeAttributes, Op> make) {
        return (n, ctx) -> {
            n.requireInputs(1, 1);
            Value x = ctx.value(n.input(0));
            Args.requireFloat(x, n.opType());
            ctx.emit(n, make.apply(n.attrs()), List.of(x), n.output(0));
        };
    }

    private static void clip(OnnxNode n, ImportContext ctx) {
        float min;
        float max;
        if (n.opset() < 11) {
            n.requireInputs(1, 1);
            min = n.attrs().getFloat("min", Float.NEGATIVE_INFINITY);
            max = n.attrs().getFloat("max", Float.POSITIVE_INFINITY);
        } else {
            n.requireInputs(1, 3);
            min = n.hasInput(1) ? Args.scalar(n, ctx, 1, "Clip min") : Float.NEGATIVE_INFINITY;
            max = n.hasInput(2) ? Args.scalar(n, ctx, 2, "Clip max") : Float.POSITIVE_INFINITY;
        }
        Value x = ctx.value(n.input(0));
        Args.requireFloat(x, "Clip");
        ctx.emit(n, new Clip(min, max), List.of(x), n.output(0));
    }

    private static void identity(OnnxNode n, ImportContext ctx) {
        n.requireInputs(1, 1);
        Operand x = ctx.operand(n.input(0));
        if (x.isConstant()) {
            ctx.defineConstant(n.output(0), x.data());
        } else {
            ctx.emit(n, new Identity(), List.of(ctx.value(n.input(0))), n.output(0));
        }
    }

    private static void dropout(OnnxNode n, ImportContext ctx) {
        NodeAttributes a = n.attrs();
        a.ignore("ratio", "seed");
        if (n.opset() >= 12) {
            n.requireInputs(1, 3);
            if (n.hasInput(2)) {
                var mode = ctx.constant(n.input(2), "Dropout training_mode");
                if (mode.size() != 1 || mode.getDouble(0) != 0) {
                    throw new MncException("training_mode is true; export the model for inference");
                }
            }
        } else {
            n.requireInputs(1, 1);
        }
        String mask = n.optionalOutput(1);
        if (mask != null && ctx.isUsed(mask)) {
            throw new MncException("the mask output '" + mask + "' is used; mnc imports inference-mode Dropout only");
        }
        ctx.emit(n, new Identity(), List.of(ctx.value(n.input(0))), n.output(0));
    }
}
