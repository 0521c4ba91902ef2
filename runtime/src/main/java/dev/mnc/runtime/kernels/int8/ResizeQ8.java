package dev.mnc.runtime.kernels.int8;

import dev.mnc.runtime.kernels.Resize;

/**
 * int8 resize of NHWC tensors (the output keeps the input's quantization).
 *
 * <p>Nearest sampling is a copy, which the float {@link Resize} kernel does for every dtype.
 * Bilinear follows TFLite's integer {@code ResizeBilinearInteger}, which has no floating point:
 * per axis, with 10 fractional bits,
 * scale = (2^10 * in + out/2) / out (align_corners: (2^10 (in-1) + (out-1)/2) / (out-1)), the
 * source coordinate v = y * scale (half-pixel centers: y * scale + scale/2 - 2^9), its neighbours
 * lo = max(v / 2^10, 0) and hi = min(ceil(v / 2^10), in-1) (C division), and the 20-bit weighted sum
 * of the four neighbours is rounded half away from zero: (s + sign(s) 2^19) / 2^20.
 */
public final class ResizeQ8 {
    private ResizeQ8() {}

    /** One axis of the integer bilinear mapping: 10-bit source coordinate and its two neighbours per output index. */
    public record Axis(int[] v, int[] lo, int[] hi) {
        public static Axis of(int in, int out, boolean alignCorners, boolean halfPixelCenters) {
            int scale = (int) (((1L << 10) * in + out / 2) / out);
            if (alignCorners && out > 1) {
                scale = (int) (((1L << 10) * (in - 1) + (out - 1) / 2) / (out - 1));
            }
            int[] v = new int[out];
            int[] lo = new int[out];
            int[] hi = new int[out];
            for (int y = 0; y < out; y++) {
                int s = halfPixelCenters ? y * scale + scale / 2 - (1 << 9) : y * scale;
                v[y] = s;
                lo[y] = Math.max(s / (1 << 10), 0);
                hi[y] = Math.min((s + (1 << 10) - 1) / (1 << 10), in - 1);
            }
            return new Axis(v, lo, hi);
        }
    }

    /** Integer bilinear. Rows [r0, r1) over batch and output height. */
    public static void bilinear(Axis ys, Axis xs, int inH, int inW, int c, int outH, int outW, byte[] x, int xOff,
            byte[] y, int yOff, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int n = r / outH;
            int oy = r % outH;
            int y0 = ys.lo()[oy];
            int y1 = ys.hi()[oy];
            long fy = ys.v()[oy] - (1L << 10) * y0;
            int row0 = xOff + (n * inH + y0) * inW * c;
            int row1 = xOff + (n * inH + y1) * inW * c;
            for (int ox = 0; ox < outW; ox++) {
                int x0 = xs.lo()[ox];
                int x1 = xs.hi()[ox];
                long fx = xs.v()[ox] - (1L << 10) * x0;
                long wll = ((1L << 10) - fy) * ((1L << 10) - fx);
                long wlu = fy * ((1L << 10) - fx);
                long wrl = ((1L << 10) - fy) * fx;
                long wru = fy * fx;
                int yo = yOff + (r * outW + ox) * c;
                for (int i = 0; i < c; i++) {
                    long s = x[row0 + x0 * c + i] * wll + x[row1 + x0 * c + i] * wlu + x[row0 + x1 * c + i] * wrl
                            + x[row1 + x1 * c + i] * wru;
                    long round = s > 0 ? (1L << 19) : -(1L << 19);
                    y[yo + i] = (byte) ((s + round) / (1L << 20));
                }
            }
        }
    }
}
