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
        int rank = inShape.length;
        if (rank == 0) {
            y[yOff] = x[xOff];
            return;
        }
        int last = rank - 1;
        int width = outShape[last];
        int rows = 1;
        for (int d = 0; d < last; d++) {
            rows *= outShape[d];
        }
        for (int r = 0; r < rows; r++) {
            int rem = r;
            int src = xOff;
            boolean fill = false;
            int stride = inShape[last];
            for (int d = last - 1; d >= 0; d--) {
                int idx = rem % outShape[d];
                rem /= outShape[d];
                int s = Pad.source(mode, idx - begin[d], inShape[d]);
                if (s < 0) {
                    fill = true;
                } else {
                    src += s * stride;
                }
                stride *= inShape[d];
            }
            int yo = yOff + r * width;
            if (fill || inShape[last] == 0) {
                java.util.Arrays.fill(y, yo, yo + width, value);
                continue;
            }
            for (int i = 0; i < width; i++) {
                int s = col[i];
                y[yo + i] = s < 0 ? value : x[src + s];
            }
        }
    }
}
