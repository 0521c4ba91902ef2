package dev.mnc.driver;

import java.util.List;

/**
 * Parameters and multiply-accumulates of one layer, by IR op name, from its tensors' shapes. The
 * same rules as the TFLite reader's (backend-tflite {@code OpCosts}), so that {@code mnc inspect}
 * reports equal totals for an ONNX model and the {@code .mnc} or {@code .tflite} made from it.
 *
 * <p>Parameters: the constant weight and bias of conv2d, conv_transpose2d and fully_connected; the
 * constant operands of matmul; the non-scalar constant operands of add, sub, mul and div
 * (per-channel scales and shifts); the scale and shift (gamma, beta) of an unfolded batch_norm,
 * which is what its mul and add become. MACs, for the whole batch, with C the output channels:
 * conv2d and fully_connected: output elements * (weight elements / C), which is kh*kw*I/group per
 * output for a conv, kh*kw for a depthwise conv and K for a dense layer; conv_transpose2d: input
 * elements * weight elements / input channels; matmul: output elements * K. Everything else: 0.
 * An int8 op of the native format ({@code conv2d_q8}, ...) takes the same inputs in the same slots
 * as its float op and counts the same.
 */
public final class LayerCost {
    private LayerCost() {}

    /** A tensor as the cost rules see it. */
    public record Operand(String name, long[] shape, boolean constant) {
        long elements() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    /** True when input {@code slot} of {@code op} counts as parameters. */
    public static boolean isParameter(String op, int slot, Operand t) {
        if (!t.constant()) {
            return false;
        }
        return switch (floatOp(op)) {
            case "conv2d", "conv_transpose2d", "fully_connected" -> slot == 1 || slot == 2;
            case "matmul" -> true;
            case "batch_norm" -> slot == 1 || slot == 2;
            case "add", "sub", "mul", "div" -> t.elements() > 1;
            default -> false;
        };
    }

    /**
     * MACs of one layer.
     *
     * @param channelAxisOfOutput axis of the output's channels (1 for NCHW IR, last for NHWC and dense)
     */
    public static long macs(String op, List<Operand> in, List<Operand> out, int channelAxisOfOutput) {
        if (out.isEmpty() || in.size() < 2) {
            return 0;
        }
        Operand y = out.get(0);
        switch (floatOp(op)) {
            case "conv2d":
            case "fully_connected": {
                long c = y.shape().length == 0 ? 0 : y.shape()[Math.min(channelAxisOfOutput, y.shape().length - 1)];
                return c == 0 ? 0 : Math.multiplyExact(y.elements(), in.get(1).elements() / c);
            }
            case "conv_transpose2d": {
                Operand x = in.get(0);
                long cin = x.shape().length == 4 ? x.shape()[channelAxisOfOutput] : 0;
                return cin == 0 ? 0 : Math.multiplyExact(x.elements(), in.get(1).elements() / cin);
            }
            case "matmul": {
                long[] a = in.get(0).shape();
                return a.length == 0 ? 0 : Math.multiplyExact(y.elements(), a[a.length - 1]);
            }
            default:
                return 0;
        }
    }

    /** The float op an int8 op of the native format computes: {@code conv2d_q8} -> {@code conv2d}. */
    private static String floatOp(String op) {
        return op.endsWith("_q8") ? op.substring(0, op.length() - 3) : op;
    }
}
