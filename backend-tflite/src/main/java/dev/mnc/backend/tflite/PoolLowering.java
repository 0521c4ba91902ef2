package dev.mnc.backend.tflite;

import dev.mnc.ir.DType;
import dev.mnc.ir.Node;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.AvgPool2d;
import dev.mnc.ir.ops.MaxPool2d;
import dev.mnc.ir.ops.Mean;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.MulOptions;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.Pool2DOptions;
import org.tensorflow.lite.schema.ReducerOptions;

/**
 * Lowers pooling and reductions. TFLite's pools never count padded taps: an average divides by
 * the taps inside the input, a max ignores the outside. So:
 * <ul>
 *   <li>max_pool2d: SAME or VALID when they reproduce the pads, else PADV2 with -infinity and VALID;
 *   <li>avg_pool2d not counting padding: SAME or VALID when they reproduce the pads; otherwise PAD
 *       with zeros, VALID pooling (which divides by kh*kw) and a MUL by kh*kw / taps-inside for
 *       each output position, which turns the result into sum / taps-inside;
 *   <li>avg_pool2d counting padding: with nonzero pads, PAD with zeros and VALID pooling, which then
 *       divides every window by kh*kw as required;
 *   <li>mean: MEAN with the axes as an int32 constant.
 * </ul>
 */
final class PoolLowering {
    private PoolLowering() {}

    static void avgPool(Lowering l, Node n, AvgPool2d op) {
        ConvLowering.requireNhwc(n, op.layout());
        Value x = n.input(0);
        Value y = n.output();
        int[] xs = Lowering.dims(x);
        int[] k = op.kernel();
        int[] pads = op.pads();
        PaddingPlan plan = PaddingPlan.of(xs[1], xs[2], k, op.strides(), new int[] {1, 1}, pads);
        int xt = l.in(x);
        if (!plan.needsPad() && (plan.padding() == Padding.VALID || !op.countIncludePad())) {
            pool(l, BuiltinOperator.AVERAGE_POOL_2D, op.strides(), k, plan.padding(), xt, l.define(y));
            return;
        }
        int padded = SpatialPadding.pad(l, x, xt, pads, 0f, y.name() + "/pad");
        if (op.countIncludePad()) {
            pool(l, BuiltinOperator.AVERAGE_POOL_2D, op.strides(), k, Padding.VALID, padded, l.define(y));
            return;
        }
        if (y.dtype() != DType.F32) {
            throw Unsupported.of(n, "it is a quantized average pool whose pads TFLite's SAME does not reproduce",
                    "pad symmetrically as SAME does (the extra pixel at the end) or keep this op in float");
        }
        int[] ys = Lowering.dims(y);
        int sums = l.activationLike(y.name() + "/window_mean", y, ys);
        pool(l, BuiltinOperator.AVERAGE_POOL_2D, op.strides(), k, Padding.VALID, padded, sums);
        int factor = l.constant(y.name() + "/inside_count_correction", correction(xs, ys, k, op.strides(), pads), null);
        l.op(BuiltinOperator.MUL, new int[] {sums, factor}, new int[] {l.define(y)}, BuiltinOptions.MulOptions,
                MulOptions.createMulOptions(l.fb(), ActivationFunctionType.NONE));
    }

    /** kh*kw / (taps of the window inside the unpadded input), shaped [1, OH, OW, 1]. */
    private static TensorData correction(int[] xs, int[] ys, int[] k, int[] s, int[] pads) {
        float[] f = new float[ys[1] * ys[2]];
        for (int oy = 0; oy < ys[1]; oy++) {
            int rows = inside(oy * s[0] - pads[0], k[0], xs[1]);
            for (int ox = 0; ox < ys[2]; ox++) {
                int cols = inside(ox * s[1] - pads[1], k[1], xs[2]);
                f[oy * ys[2] + ox] = (float) (k[0] * k[1]) / (rows * cols);
            }
        }
        return TensorData.ofFloats(Shape.of(1, ys[1], ys[2], 1), f);
    }

    /** How many of the k positions from {@code start} fall in [0, size). */
    private static int inside(int start, int k, int size) {
        return Math.max(0, Math.min(start + k, size) - Math.max(start, 0));
    }

    static void maxPool(Lowering l, Node n, MaxPool2d op) {
        ConvLowering.requireNhwc(n, op.layout());
        Value x = n.input(0);
        Value y = n.output();
        int[] xs = Lowering.dims(x);
        PaddingPlan plan = PaddingPlan.of(xs[1], xs[2], op.kernel(), op.strides(), new int[] {1, 1}, op.pads());
        int xt = l.in(x);
        if (plan.needsPad()) {
            xt = SpatialPadding.pad(l, x, xt, plan.explicitPads(), Float.NEGATIVE_INFINITY, y.name() + "/pad");
        }
        pool(l, BuiltinOperator.MAX_POOL_2D, op.strides(), op.kernel(), plan.padding(), xt, l.define(y));
    }

    private static void pool(Lowering l, int builtin, int[] s, int[] k, byte padding, int in, int out) {
        int opts = Pool2DOptions.createPool2DOptions(l.fb(), padding, s[1], s[0], k[1], k[0],
                ActivationFunctionType.NONE);
        l.op(builtin, new int[] {in}, new int[] {out}, BuiltinOptions.Pool2DOptions, opts);
    }

    static void mean(Lowering l, Node n, Mean op) {
        Value y = n.output();
        int axes = l.int32(y.name() + "/axes", op.axes());
        l.op(BuiltinOperator.MEAN, new int[] {l.in(n.input(0)), axes}, new int[] {l.define(y)},
                BuiltinOptions.ReducerOptions, ReducerOptions.createReducerOptions(l.fb(), op.keepDims()));
    }
}
