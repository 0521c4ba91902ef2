package dev.mnc.frontend.onnx;

import dev.mnc.ir.MncException;
import java.util.Arrays;

/**
 * Resolves the padding of a 2-D sliding window (Conv, pooling) into explicit
 * {@code [top, left, bottom, right]}, as the IR wants it.
 *
 * <p>{@code auto_pad = SAME_UPPER | SAME_LOWER} asks for out = ceil(in / stride) and pads
 * total = max(0, (out - 1) * stride + dilation * (k - 1) + 1 - in) per axis, the odd pixel going
 * to the end (UPPER) or the beginning (LOWER). {@code VALID} pads nothing; {@code NOTSET} (the
 * default, also written as an empty string) takes the {@code pads} attribute.
 */
final class Padding {
    private Padding() {}

    static int[] resolve(NodeAttributes a, long[] in, int[] kernel, int[] strides, int[] dilations) {
        String autoPad = a.getString("auto_pad", "NOTSET");
        int[] pads = a.getInts32("pads", new int[4]);
        switch (autoPad) {
            case "NOTSET", "" -> {
                if (pads.length != 4) {
                    throw new MncException("attribute 'pads' needs 4 values for a 2-D op, got " + Arrays.toString(pads));
                }
                for (int p : pads) {
                    if (p < 0) {
                        throw new MncException("negative pads " + Arrays.toString(pads) + " are not supported");
                    }
                }
                return pads;
            }
            case "VALID" -> {
                return new int[4];
            }
            case "SAME_UPPER", "SAME_LOWER" -> {
                int[] out = new int[4];
                for (int i = 0; i < 2; i++) {
                    long o = (in[i] + strides[i] - 1) / strides[i];
                    long need = Math.max(0, (o - 1) * strides[i] + (long) dilations[i] * (kernel[i] - 1) + 1 - in[i]);
                    long begin = autoPad.equals("SAME_UPPER") ? need / 2 : (need + 1) / 2;
                    out[i] = NodeAttributes.toInt("pads", begin);
                    out[i + 2] = NodeAttributes.toInt("pads", need - begin);
                }
                return out;
            }
            default -> throw new MncException("auto_pad '" + autoPad
                    + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
        }
    }
}
