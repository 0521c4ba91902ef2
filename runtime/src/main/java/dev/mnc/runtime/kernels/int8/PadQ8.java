package dev.mnc.runtime.kernels.int8;

import dev.mnc.runtime.kernels.Pad;

/**
 * Pads a byte tensor (int8 or uint8; the output keeps the input's quantization) on every axis:
 * constant fill with a quantized value, reflect or edge, through the same index mapping as the
 * float {@link Pad}. TFLite pads int8 with the zero point for PAD and with the quantized constant
 * for PADV2; the op builder quantizes the IR's real pad value with the tensor's parameters.
 */
public final class PadQ8 {
    private PadQ8() {}

    /**
     * @param inShape input shape; {@code begin} pads per axis; {@code outShape} padded shape;
     *     {@code col} from {@link Pad#columns} for the innermost axis
     */
    public static void run(int mode, byte value, int[] inShape, int[] begin, int[] outShape, int[] col, byte[] x,
            int xOff, byte[] y, int yOff) {
        if (inShape.length == 0) {
            y[yOff] = x[xOff];
            return;
        }
        int width = outShape[outShape.length - 1];
        for (int r = 0, rows = Pad.rows(outShape); r < rows; r++) {
            int src = Pad.sourceRow(mode, inShape, begin, outShape, r);
            int yo = yOff + r * width;
            if (src < 0) {
                java.util.Arrays.fill(y, yo, yo + width, value);
                continue;
            }
            src += xOff;
            for (int i = 0; i < width; i++) {
                int s = col[i];
                y[yo + i] = s < 0 ? value : x[src + s];
            }
        }
    }
}
