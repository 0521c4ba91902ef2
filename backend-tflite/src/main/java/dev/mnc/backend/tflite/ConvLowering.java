package dev.mnc.backend.tflite;

import dev.mnc.ir.DType;
import dev.mnc.ir.Layout;
import dev.mnc.ir.Node;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ConcatenationOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.SplitOptions;
import org.tensorflow.lite.schema.TransposeConvOptions;

/**
 * Lowers the convolutions.
 *
 * <p>{@code conv2d} with group 1 becomes CONV_2D; with group equal to the input channels it becomes
 * DEPTHWISE_CONV_2D, whose filter is [1, kh, kw, C*multiplier] (the IR's [O, kh, kw, 1] with the
 * first and last axes swapped; output channel o = c*multiplier + m in both); any other group count
 * becomes SPLIT into groups, one CONV_2D per group and CONCATENATION of the results. Pads go
 * through a {@link PaddingPlan}. Every conv gets a bias: zeros when the IR has none, float for
 * float convs and int32 with scale input_scale * weight_scale for quantized ones, as TFLite's
 * integer kernels expect.
 *
 * <p>{@code conv_transpose2d} becomes TRANSPOSE_CONV (inputs: output shape, [O, kh, kw, I] filter,
 * input, bias). TFLite places input pixel iy at output rows iy*s - pad + ky, where pad is 0 for
 * VALID and SAME's "before" pad computed from the output size; its optimized kernel also assumes
 * the output size is consistent with the input (the input spans exactly the rows the padding
 * implies). When the IR's pads and output size fit VALID or SAME that way, the op is used as is;
 * otherwise it computes the uncropped VALID output and a SLICE cuts the IR's window out of it.
 * Dilation, which TFLite's op lacks, is applied to the constant filter by spreading its taps
 * with zeros between them. A fused activation goes into TransposeConvOptions'
 * {@code fused_activation_function} (operator version 4).
 */
final class ConvLowering {
    private ConvLowering() {}

    static void conv2d(Lowering l, Node n, Conv2d op) {
        requireNhwc(n, op.layout());
        Value x = n.input(0);
        Value w = n.input(1);
        Value b = n.numInputs() > 2 ? n.input(2) : null;
        Value y = n.output();
        if (!w.isConstant()) {
            throw Unsupported.of(n, "its filter is not a constant", "fold the filter into a constant before export");
        }
        int[] xs = Lowering.dims(x);
        int[] ws = Lowering.dims(w);
        int channels = xs[3];
        int outChannels = ws[0];
        int group = op.group();
        PaddingPlan plan = PaddingPlan.of(xs[1], xs[2], op.kernel(w.shape()), op.strides(), op.dilations(), op.pads());
        int xt = l.in(x);
        if (plan.needsPad()) {
            xt = SpatialPadding.pad(l, x, xt, plan.explicitPads(), 0f, y.name() + "/pad");
        }
        byte act = Activations.code(op.activation());
        int[] strides = op.strides();
        int[] dil = op.dilations();
        if (group == 1) {
            int wt = l.in(w);
            int bt = b != null ? l.in(b) : zeroBias(l, n, x, w.quant(), outChannels, y.name() + "/bias");
            int yt = l.define(y);
            int opts = Conv2DOptions.createConv2DOptions(l.fb(), plan.padding(), strides[1], strides[0], act,
                    dil[1], dil[0]);
            l.op(BuiltinOperator.CONV_2D, new int[] {xt, wt, bt}, new int[] {yt}, BuiltinOptions.Conv2DOptions, opts);
        } else if (group == channels) {
            QuantParams wq = w.quant();
            requireAxis0(n, wq);
            TensorData filter = WeightLayouts.permute(w.data(), new int[] {3, 1, 2, 0});
            int wt = l.constant(w.name(), filter, WeightLayouts.moveAxis(wq, 3));
            int bt = b != null ? l.in(b) : zeroBias(l, n, x, wq, outChannels, y.name() + "/bias");
            int yt = l.define(y);
            int opts = DepthwiseConv2DOptions.createDepthwiseConv2DOptions(l.fb(), plan.padding(), strides[1],
                    strides[0], outChannels / channels, act, dil[1], dil[0]);
            Set<OpVersions.Feature> f = dil[0] != 1 || dil[1] != 1 ? EnumSet.of(OpVersions.Feature.DILATED)
                    : EnumSet.noneOf(OpVersions.Feature.class);
            l.op(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {xt, wt, bt}, new int[] {yt},
                    BuiltinOptions.DepthwiseConv2DOptions, opts, f);
        } else {
            grouped(l, n, op, xt, plan.padding(), act);
        }
    }

    /** SPLIT the input channels into groups, one CONV_2D per group, CONCATENATION of the outputs. */
    private static void grouped(Lowering l, Node n, Conv2d op, int xt, byte padding, byte act) {
        Value x = n.input(0);
        Value w = n.input(1);
        Value b = n.numInputs() > 2 ? n.input(2) : null;
        Value y = n.output();
        if (b != null && !b.isConstant()) {
            throw Unsupported.of(n, "it is a grouped conv with a bias that is not a constant",
                    "fold the bias into a constant before export");
        }
        requireAxis0(n, w.quant());
        int group = op.group();
        int[] xin = l.model().shape(xt);
        int[] ys = Lowering.dims(y);
        int outPerGroup = ys[3] / group;
        int axis = l.int32(y.name() + "/split_axis", new int[0], new int[] {3});
        int[] parts = new int[group];
        for (int g = 0; g < group; g++) {
            parts[g] = l.activationLike(y.name() + "/group" + g + "/input", x,
                    new int[] {xin[0], xin[1], xin[2], xin[3] / group});
        }
        l.op(BuiltinOperator.SPLIT, new int[] {axis, xt}, parts, BuiltinOptions.SplitOptions,
                SplitOptions.createSplitOptions(l.fb(), group));
        int[] outs = new int[group];
        int[] strides = op.strides();
        int[] dil = op.dilations();
        for (int g = 0; g < group; g++) {
            int from = g * outPerGroup;
            int to = from + outPerGroup;
            QuantParams wq = WeightLayouts.sliceQuant(w.quant(), from, to);
            int wt = l.constant(w.name() + "/group" + g, WeightLayouts.sliceAxis0(w.data(), from, to), wq);
            int bt = b != null
                    ? l.constant(b.name() + "/group" + g, WeightLayouts.sliceAxis0(b.data(), from, to),
                            WeightLayouts.sliceQuant(b.quant(), from, to))
                    : zeroBias(l, n, x, wq, outPerGroup, y.name() + "/group" + g + "/bias");
            outs[g] = l.activationLike(y.name() + "/group" + g, y, new int[] {ys[0], ys[1], ys[2], outPerGroup});
            int opts = Conv2DOptions.createConv2DOptions(l.fb(), padding, strides[1], strides[0], act, dil[1],
                    dil[0]);
            l.op(BuiltinOperator.CONV_2D, new int[] {parts[g], wt, bt}, new int[] {outs[g]},
                    BuiltinOptions.Conv2DOptions, opts);
        }
        int yt = l.define(y);
        l.op(BuiltinOperator.CONCATENATION, outs, new int[] {yt}, BuiltinOptions.ConcatenationOptions,
                ConcatenationOptions.createConcatenationOptions(l.fb(), 3, ActivationFunctionType.NONE));
    }

    static void convTranspose2d(Lowering l, Node n, ConvTranspose2d op) {
        requireNhwc(n, op.layout());
        Value x = n.input(0);
        Value w = n.input(1);
        Value b = n.numInputs() > 2 ? n.input(2) : null;
        Value y = n.output();
        int[] xs = Lowering.dims(x);
        int[] ys = Lowering.dims(y);
        int[] dil = op.dilations();
        int[] s = op.strides();
        int[] pads = op.pads();
        int wt;
        int[] k = op.kernel(w.shape());
        if (dil[0] != 1 || dil[1] != 1) {
            if (!w.isConstant()) {
                throw Unsupported.of(n, "it is dilated and its filter is not a constant",
                        "fold the filter into a constant before export");
            }
            QuantParams wq = w.quant();
            if (wq != null && Arrays.stream(wq.zeroPoints()).anyMatch(z -> z != 0)) {
                throw Unsupported.of(n, "it is dilated and its quantized filter has a nonzero zero point",
                        "quantize the filter symmetrically");
            }
            TensorData spread = WeightLayouts.dilate(w.data(), dil[0], dil[1]);
            wt = l.constant(w.name(), spread, wq);
            k = new int[] {dil[0] * (k[0] - 1) + 1, dil[1] * (k[1] - 1) + 1};
        } else {
            wt = l.in(w);
        }
        int xt = l.in(x);
        int bt = b != null ? l.in(b) : zeroBias(l, n, x, w.quant(), ys[3], y.name() + "/bias");
        long fullH = (long) s[0] * (xs[1] - 1) + k[0];
        long fullW = (long) s[1] * (xs[2] - 1) + k[1];
        // The uncropped output may run s-1 rows past the last tap (output_padding); further is inconsistent.
        long needH = Math.max(fullH, ys[1] + (long) pads[0]);
        long needW = Math.max(fullW, ys[2] + (long) pads[1]);
        if (needH > fullH + s[0] - 1 || needW > fullW + s[1] - 1) {
            throw Unsupported.of(n, "its output_padding reaches past what TFLite's TRANSPOSE_CONV can produce",
                    "use an output_padding smaller than the stride");
        }
        byte padding;
        int[] tfOut;
        if (pads[0] == 0 && pads[1] == 0 && needH == ys[1] && needW == ys[2]) {
            padding = Padding.VALID;
            tfOut = ys;
        } else if (sameFits(xs[1], ys[1], k[0], s[0], pads[0]) && sameFits(xs[2], ys[2], k[1], s[1], pads[1])) {
            padding = Padding.SAME;
            tfOut = ys;
        } else {
            padding = Padding.VALID;
            tfOut = new int[] {ys[0], (int) needH, (int) needW, ys[3]};
        }
        int shape = l.int32(y.name() + "/output_shape", tfOut);
        int opts = TransposeConvOptions.createTransposeConvOptions(l.fb(), padding, s[1], s[0],
                Activations.code(op.activation()));
        Set<OpVersions.Feature> f = op.activation() != Activation.NONE
                ? EnumSet.of(OpVersions.Feature.FUSED_ACTIVATION) : EnumSet.noneOf(OpVersions.Feature.class);
        if (tfOut == ys) {
            int yt = l.define(y);
            l.op(BuiltinOperator.TRANSPOSE_CONV, new int[] {shape, wt, xt, bt}, new int[] {yt},
                    BuiltinOptions.TransposeConvOptions, opts, f);
            return;
        }
        // The activation is elementwise, so clamping the uncropped output before the SLICE is the same.
        int full = l.activationLike(y.name() + "/uncropped", y, tfOut);
        l.op(BuiltinOperator.TRANSPOSE_CONV, new int[] {shape, wt, xt, bt}, new int[] {full},
                BuiltinOptions.TransposeConvOptions, opts, f);
        int begin = l.int32(y.name() + "/crop_begin", 0, pads[0], pads[1], 0);
        int size = l.int32(y.name() + "/crop_size", ys);
        int yt = l.define(y);
        l.op(BuiltinOperator.SLICE, new int[] {full, begin, size}, new int[] {yt}, BuiltinOptions.NONE, 0);
    }

    /** SAME reproduces the IR along an axis: its before-pad equals the IR's, and the sizes are consistent. */
    private static boolean sameFits(int in, int out, int k, int s, int padBefore) {
        return PaddingPlan.same(out, k, s, 1)[0] == padBefore && (out + s - 1) / s == in;
    }

    /**
     * A zero bias of {@code n} elements: float for a float input; for a quantized input int32 with
     * scale input_scale * weight_scale (per output channel when the weights are per-axis), zero point 0.
     */
    static int zeroBias(Lowering l, Node node, Value x, QuantParams wq, int n, String name) {
        if (x.dtype() == DType.F32) {
            return l.constant(name, TensorData.zeros(DType.F32, Shape.of(n)), null);
        }
        QuantParams xq = x.quant();
        if (xq == null || !xq.isPerTensor() || wq == null) {
            throw Unsupported.of(node, "its input is " + x.dtype() + " but the input or the filter has no quantization "
                    + "parameters", "quantize the graph completely (or keep this op in float)");
        }
        float[] ws = wq.scales();
        float[] scales = new float[wq.isPerTensor() ? 1 : n];
        for (int i = 0; i < scales.length; i++) {
            scales[i] = xq.scale() * ws[i];
        }
        QuantParams q = wq.isPerTensor() ? QuantParams.perTensor(scales[0], 0)
                : QuantParams.perAxis(scales, new int[n], 0);
        return l.constant(name, TensorData.zeros(DType.I32, Shape.of(n)), q);
    }

    private static void requireAxis0(Node n, QuantParams wq) {
        if (wq != null && !wq.isPerTensor() && wq.axis() != 0) {
            throw Unsupported.of(n, "its filter is quantized along axis " + wq.axis(),
                    "quantize conv filters per output channel (axis 0)");
        }
    }

    static void requireNhwc(Node n, Layout layout) {
        if (layout != Layout.NHWC) {
            throw Unsupported.of(n, "it is in " + layout.text() + " layout", "convert the graph to NHWC first");
        }
    }
}
