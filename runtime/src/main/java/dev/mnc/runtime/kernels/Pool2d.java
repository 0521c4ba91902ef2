package dev.mnc.runtime.kernels;

/**
 * Average and max pooling over NHWC windows. As in {@link Depthwise}, the window is clipped to the
 * image once per output pixel and the hot loop runs over contiguous channels. Padded taps never
 * win a max (they read as -infinity); an average divides by the full window with
 * {@code countIncludePad}, else by the taps inside the image (ONNX's default, TFLite's only mode).
 */
public final class Pool2d {
    private Pool2d() {}

    /** Window geometry: kernel, strides, top/left pads (bottom/right follow from the sizes). */
    public record Params(int batch, int inH, int inW, int c, int outH, int outW, int kh, int kw, int sy, int sx,
            int padTop, int padLeft, int padBottom, int padRight, boolean countIncludePad) {}

    /** Average pooling of output rows [r0, r1), counted over batch and height. */
    public static void average(Params p, float[] x, int xOff, float[] y, int yOff, int r0, int r1) {
        int c = p.c();
        for (int r = r0; r < r1; r++) {
            int n = r / p.outH();
            int oy = r % p.outH();
            int yb = oy * p.sy() - p.padTop();
            int ky0 = Math.max(0, -yb);
            int ky1 = Math.min(p.kh(), p.inH() - yb);
            for (int ox = 0; ox < p.outW(); ox++) {
                int xb = ox * p.sx() - p.padLeft();
                int kx0 = Math.max(0, -xb);
                int kx1 = Math.min(p.kw(), p.inW() - xb);
                int yo = yOff + (r * p.outW() + ox) * c;
                java.util.Arrays.fill(y, yo, yo + c, 0f);
                for (int ky = ky0; ky < ky1; ky++) {
                    for (int kx = kx0; kx < kx1; kx++) {
                        int xo = xOff + ((n * p.inH() + yb + ky) * p.inW() + xb + kx) * c;
                        for (int i = 0; i < c; i++) {
                            y[yo + i] += x[xo + i];
                        }
                    }
                }
                int count;
                if (p.countIncludePad()) {
                    // The window clipped to the padded input, as ONNX counts it.
                    int hy = Math.min(yb + p.kh(), p.inH() + p.padBottom()) - Math.max(yb, -p.padTop());
                    int hx = Math.min(xb + p.kw(), p.inW() + p.padRight()) - Math.max(xb, -p.padLeft());
                    count = hy * hx;
                } else {
                    count = Math.max(0, ky1 - ky0) * Math.max(0, kx1 - kx0);
                }
                float inv = count > 0 ? 1f / count : 0f;
                for (int i = 0; i < c; i++) {
                    y[yo + i] *= inv;
                }
            }
        }
    }

    /** Max pooling of output rows [r0, r1); a window entirely in the padding yields -infinity. */
    public static void max(Params p, float[] x, int xOff, float[] y, int yOff, int r0, int r1) {
        int c = p.c();
        for (int r = r0; r < r1; r++) {
            int n = r / p.outH();
            int oy = r % p.outH();
            int yb = oy * p.sy() - p.padTop();
            int ky0 = Math.max(0, -yb);
            int ky1 = Math.min(p.kh(), p.inH() - yb);
            for (int ox = 0; ox < p.outW(); ox++) {
                int xb = ox * p.sx() - p.padLeft();
                int kx0 = Math.max(0, -xb);
                int kx1 = Math.min(p.kw(), p.inW() - xb);
                int yo = yOff + (r * p.outW() + ox) * c;
                java.util.Arrays.fill(y, yo, yo + c, Float.NEGATIVE_INFINITY);
                for (int ky = ky0; ky < ky1; ky++) {
                    for (int kx = kx0; kx < kx1; kx++) {
                        int xo = xOff + ((n * p.inH() + yb + ky) * p.inW() + xb + kx) * c;
                        for (int i = 0; i < c; i++) {
                            y[yo + i] = Math.max(y[yo + i], x[xo + i]);
                        }
                    }
                }
            }
        }
    }
}
