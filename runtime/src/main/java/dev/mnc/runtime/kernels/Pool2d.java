package dev.mnc.runtime.kernels;

/**
 * Average and max pooling over NHWC windows. As in {@link Depthwise}, the window is clipped to the
 * image once per output pixel ({@link Taps}) and the hot loop runs over contiguous channels; the two
 * reductions share that walk and differ only in the channel loop and the final step. Padded taps
 * never win a max (they read as -infinity); an average divides by the full window with
 * {@code countIncludePad}, else by the taps inside the image (ONNX's default, TFLite's only mode).
 */
public final class Pool2d {
    private Pool2d() {}

    /** Window geometry: kernel, strides, top/left pads (bottom/right follow from the sizes). */
    public record Params(int batch, int inH, int inW, int c, int outH, int outW, int kh, int kw, int sy, int sx,
            int padTop, int padLeft, int padBottom, int padRight, boolean countIncludePad) {

        /**
         * Taps of the window at input row {@code yb} and column {@code xb} (output index times
         * stride minus pad) that lie inside the input padded on every side, as ONNX counts them for
         * {@code countIncludePad}.
         */
        public int paddedCount(int yb, int xb) {
            int hy = Math.min(yb + kh, inH + padBottom) - Math.max(yb, -padTop);
            int hx = Math.min(xb + kw, inW + padRight) - Math.max(xb, -padLeft);
            return hy * hx;
        }
    }

    /**
     * Max ({@code max}) or average pooling of output rows [r0, r1), counted over batch and height;
     * a max window entirely in the padding yields -infinity.
     */
    public static void run(Params p, boolean max, float[] x, int xOff, float[] y, int yOff, int r0, int r1) {
        int c = p.c();
        for (int r = r0; r < r1; r++) {
            int n = r / p.outH();
            int oy = r % p.outH();
            int yb = oy * p.sy() - p.padTop();
            int ky0 = Taps.first(yb, 1);
            int ky1 = Taps.end(yb, 1, p.inH(), p.kh());
            for (int ox = 0; ox < p.outW(); ox++) {
                int xb = ox * p.sx() - p.padLeft();
                int kx0 = Taps.first(xb, 1);
                int kx1 = Taps.end(xb, 1, p.inW(), p.kw());
                int yo = yOff + (r * p.outW() + ox) * c;
                java.util.Arrays.fill(y, yo, yo + c, max ? Float.NEGATIVE_INFINITY : 0f);
                for (int ky = ky0; ky < ky1; ky++) {
                    for (int kx = kx0; kx < kx1; kx++) {
                        int xo = xOff + ((n * p.inH() + yb + ky) * p.inW() + xb + kx) * c;
                        if (max) {
                            for (int i = 0; i < c; i++) {
                                y[yo + i] = Math.max(y[yo + i], x[xo + i]);
                            }
                        } else {
                            for (int i = 0; i < c; i++) {
                                y[yo + i] += x[xo + i];
                            }
                        }
                    }
                }
                if (max) {
                    continue;
                }
                int count = p.countIncludePad() ? p.paddedCount(yb, xb)
                        : Math.max(0, ky1 - ky0) * Math.max(0, kx1 - kx0);
                float inv = count > 0 ? 1f / count : 0f;
                for (int i = 0; i < c; i++) {
                    y[yo + i] *= inv;
                }
            }
        }
    }
}
