package dev.mnc.frontend.onnx;

import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Conv and ConvTranspose (opsets 1 and 11 to 21 have the same attributes) as the IR's NCHW
 * {@link Conv2d} and {@link ConvTranspose2d}. Only 2-D convolutions are imported; the kernel size
 * comes from the weights, and a {@code kernel_shape} attribute must agree with them.
 */
final class ConvOps {
    private ConvOps() {}

    static void register(Map<String, OpConverter> m) {
        m.put("Conv", ConvOps::conv);
        m.put("ConvTranspose", ConvOps::convTranspose);
    }

    private static void conv(OnnxNode n, ImportContext ctx) {
        n.requireInputs(2, 3);
        Value x = ctx.value(n.input(0));
        Value w = ctx.value(n.input(1));
        Args.requireImage(x, "Conv");
        Args.requireFloat(x, "Conv");
        if (w.type().rank() != 4) {
            throw new MncException("Conv weight " + w.name() + " has shape " + w.shape() + "; expected [O, I/group, kH, kW]");
        }
        NodeAttributes a = n.attrs();
        int[] kernel = {w.shape().intSize(2), w.shape().intSize(3)};
        checkKernelShape(a, kernel);
        int[] strides = Args.pair(a, "strides", 1, 1);
        int[] dilations = Args.pair(a, "dilations", 1, 1);
        int group = a.getInt32("group", 1);
        long[] in = {x.shape().size(2), x.shape().size(3)};
        int[] pads = Padding.resolve(a, in, kernel, strides, dilations);
        List<Value> ins = new ArrayList<>(List.of(x, w));
        if (n.hasInput(2)) {
            ins.add(ctx.value(n.input(2)));
        }
        ctx.emit(n, new Conv2d(strides, dilations, pads, group, Activation.NONE, Layout.NCHW), ins, n.output(0));
    }

    /**
     * ConvTranspose. With {@code output_shape} (or SAME auto_pad, which asks for in * stride), the
     * total padding per axis is stride*(in-1) + output_padding + dilation*(k-1) + 1 - out, split as
     * ONNX specifies: half to the beginning (rounded down for SAME_UPPER, up otherwise).
     */
    private static void convTranspose(OnnxNode n, ImportContext ctx) {
        n.requireInputs(2, 3);
        Value x = ctx.value(n.input(0));
        Value w = ctx.value(n.input(1));
        Args.requireImage(x, "ConvTranspose");
        Args.requireFloat(x, "ConvTranspose");
        if (w.type().rank() != 4) {
            throw new MncException("ConvTranspose weight " + w.name() + " has shape " + w.shape()
                    + "; expected [I, O/group, kH, kW]");
        }
        NodeAttributes a = n.attrs();
        int[] kernel = {w.shape().intSize(2), w.shape().intSize(3)};
        checkKernelShape(a, kernel);
        int[] strides = Args.pair(a, "strides", 1, 1);
        int[] dilations = Args.pair(a, "dilations", 1, 1);
        int[] outPad = Args.pair(a, "output_padding", 0, 0);
        int group = a.getInt32("group", 1);
        String autoPad = a.getString("auto_pad", "NOTSET");
        long[] outputShape = a.getInts("output_shape", null);
        int[] pads = a.getInts32("pads", new int[4]);
        long[] in = {x.shape().size(2), x.shape().size(3)};
        if (outputShape != null || autoPad.equals("SAME_UPPER") || autoPad.equals("SAME_LOWER")) {
            long[] target;
            if (outputShape != null) {
                if (outputShape.length != 2 && outputShape.length != 4) {
                    throw new MncException("attribute 'output_shape' " + Arrays.toString(outputShape)
                            + " must give 2 spatial sizes (or all 4 dims)");
                }
                target = Arrays.copyOfRange(outputShape, outputShape.length - 2, outputShape.length);
            } else {
                target = new long[] {in[0] * strides[0], in[1] * strides[1]};
            }
            pads = new int[4];
            for (int i = 0; i < 2; i++) {
                long total = strides[i] * (in[i] - 1) + outPad[i] + (long) dilations[i] * (kernel[i] - 1) + 1 - target[i];
                if (total < 0) {
                    throw new MncException("output size " + target[i] + " along axis " + (i + 2)
                            + " is larger than a transposed conv of this input can produce");
                }
                long begin = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                pads[i] = NodeAttributes.toInt("pads", begin);
                pads[i + 2] = NodeAttributes.toInt("pads", total - begin);
            }
        } else if (autoPad.equals("VALID")) {
            pads = new int[4];
        } else if (!autoPad.equals("NOTSET") && !autoPad.isEmpty()) {
            throw new MncException("auto_pad '" + autoPad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
        } else if (pads.length != 4) {
            throw new MncException("attribute 'pads' needs 4 values for a 2-D op, got " + Arrays.toString(pads));
        }
        List<Value> ins = new ArrayList<>(List.of(x, w));
        if (n.hasInput(2)) {
            ins.add(ctx.value(n.input(2)));
        }
        ctx.emit(n, new ConvTranspose2d(strides, dilations, pads, outPad, group, Activation.NONE,
                Layout.NCHW), ins, n.output(0));
    }

    private static void checkKernelShape(NodeAttributes a, int[] kernel) {
        long[] ks = a.getInts("kernel_shape", null);
        if (ks != null && (ks.length != 2 || ks[0] != kernel[0] || ks[1] != kernel[1])) {
            throw new MncException("attribute 'kernel_shape' " + Arrays.toString(ks) + " disagrees with the weights' "
                    + Arrays.toString(kernel) + (ks.length != 2 ? " (only 2-D convolutions are supported)" : ""));
        }
    }
}
