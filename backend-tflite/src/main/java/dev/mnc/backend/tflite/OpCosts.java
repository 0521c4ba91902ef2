package dev.mnc.backend.tflite;

import dev.mnc.ir.MncException;
import java.util.List;
import java.util.Map;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * Parameters and multiply-accumulates of one TFLite operator, from its tensors' shapes.
 *
 * <p>Parameters are the elements of an operator's constant weight inputs: filter and bias of
 * CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED (inputs 1, 2) and TRANSPOSE_CONV (inputs 1, 3); the
 * constant operands of BATCH_MATMUL; and the non-scalar constant operands of the elementwise
 * arithmetic ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM and PRELU (per-channel scales and shifts). Scalar
 * constants (the 3 and 1/6 of a decomposed hard sigmoid, clamp bounds), shapes, axes, paddings
 * and indices are not parameters, so the count does not depend on how an activation is spelled. A model's total counts each constant tensor once. A zero bias
 * the writer added to a bias-less conv counts like any bias.
 *
 * <p>MACs count the multiply-accumulates of the products, for the whole batch:
 * <ul>
 *   <li>CONV_2D: N*OH*OW*O * kh*kw*I/group, output [N,OH,OW,O], filter [O,kh,kw,I/group];
 *   <li>DEPTHWISE_CONV_2D: N*OH*OW*O * kh*kw (O = C*multiplier), filter [1,kh,kw,O];
 *   <li>FULLY_CONNECTED: rows*O*K for a filter [O,K] (rows = output elements / O);
 *   <li>TRANSPOSE_CONV: N*H*W*I * kh*kw*O, input [N,H,W,I] (every input pixel scatters a kh*kw*O patch);
 *   <li>BATCH_MATMUL: output elements * K, the contracted size (the last axis of x, or the one
 *       before it with adj_x).
 * </ul>
 * Every other operator (elementwise, pooling, reductions, data movement) counts 0 MACs.
 */
final class OpCosts {
    private OpCosts() {}

    /** Input slots of {@code op} that hold parameters when constant. */
    private static boolean isWeightSlot(String op, int slot) {
        return switch (op) {
            case "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED" -> slot == 1 || slot == 2;
            case "TRANSPOSE_CONV" -> slot == 1 || slot == 3;
            case "BATCH_MATMUL", "ADD", "SUB", "MUL", "DIV", "MAXIMUM", "MINIMUM", "PRELU" -> true;
            default -> false;
        };
    }

    private static boolean isWeightOp(String op) {
        return switch (op) {
            case "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "TRANSPOSE_CONV", "BATCH_MATMUL" -> true;
            default -> false;
        };
    }

    /** True when input {@code slot} of {@code op}, holding {@code t}, counts as parameters. */
    static boolean isParameter(String op, int slot, TensorInfo t) {
        return t != null && t.isConstant() && isWeightSlot(op, slot) && (isWeightOp(op) || t.elements() > 1);
    }

    static long parameters(String op, List<TensorInfo> inputs) {
        long n = 0;
        for (int i = 0; i < inputs.size(); i++) {
            TensorInfo t = inputs.get(i);
            if (isParameter(op, i, t)) {
                n += t.elements();
            }
        }
        return n;
    }

    static long macs(int builtin, Map<String, Object> options, List<TensorInfo> in, List<TensorInfo> out) {
        try {
            return switch (builtin) {
                case BuiltinOperator.CONV_2D -> {
                    int[] f = shape(in, 1, 4);
                    yield Math.multiplyExact(elements(out, 0), (long) f[1] * f[2] * f[3]);
                }
                case BuiltinOperator.DEPTHWISE_CONV_2D -> {
                    int[] f = shape(in, 1, 4);
                    yield Math.multiplyExact(elements(out, 0), (long) f[1] * f[2]);
                }
                case BuiltinOperator.FULLY_CONNECTED -> {
                    int[] f = shape(in, 1, 2);
                    yield f[0] == 0 ? 0 : Math.multiplyExact(elements(out, 0), (long) f[1]);
                }
                case BuiltinOperator.TRANSPOSE_CONV -> {
                    int[] f = shape(in, 1, 4);
                    yield Math.multiplyExact(elements(in, 2), (long) f[0] * f[1] * f[2]);
                }
                case BuiltinOperator.BATCH_MATMUL -> {
                    int[] a = in.size() > 0 && in.get(0) != null && in.get(0).shape().length >= 2 ? in.get(0).shape()
                            : new int[] {0, 0};
                    int k = Boolean.TRUE.equals(options.get("adj_x")) ? a[a.length - 2] : a[a.length - 1];
                    yield Math.multiplyExact(elements(out, 0), (long) k);
                }
                default -> 0L;
            };
        } catch (ArithmeticException e) {
            throw new MncException("malformed TFLite file: the MAC count of a " + BuiltinOperator.name(builtin)
                    + " overflows");
        }
    }

    private static long elements(List<TensorInfo> ts, int i) {
        if (i >= ts.size() || ts.get(i) == null) {
            return 0;
        }
        long n = 1;
        for (int d : ts.get(i).shape()) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The shape of tensor i if it has the given rank, else zeros (an op the file describes oddly costs 0). */
    private static int[] shape(List<TensorInfo> ts, int i, int rank) {
        if (i < ts.size() && ts.get(i) != null && ts.get(i).shape().length == rank) {
            return ts.get(i).shape();
        }
        return new int[rank];
    }
}
