package dev.mnc.runtime.kernels;

/**
 * Depthwise 2-D convolution (group == input channels), any kernel, stride, dilation and channel
 * multiplier m (output channel c*m + j reads input channel c). Weights are packed once at load from
 * [C*m][kh][kw][1] to tap-major [kh*kw][C*m], so each tap is an elementwise multiply-add over a
 * contiguous run of channels, which C2 vectorizes.
 *
 * <p>Borders cost nothing in the hot loop: for each output pixel the range of kernel taps that
 * fall inside the input is worked out once ({@link #firstTap}, {@link #endTap}), and the channel
 * loop runs only over taps inside the image, which is exactly zero padding.
 */
public final class Depthwise {
    private Depthwise() {}

    /** [O][kh][kw][1] to [kh*kw][O]. */
    public static float[] packWeights(float[] w, int wOff, int outC, int kh, int kw) {
        int taps = kh * kw;
        float[] packed = new float[outC * taps];
        for (int o = 0; o < outC; o++) {
            for (int t = 0; t < taps; t++) {
                packed[t * outC + o] = w[wOff + o * taps + t];
            }
        }
        return packed;
    }

    /** First tap k in [0, kernel) with base + k*d >= 0. */
    static int firstTap(int base, int d) {
        return base >= 0 ? 0 : (-base + d - 1) / d;
    }

    /** One past the last tap k with base + k*d <= size-1, capped at {@code kernel}. */
    static int endTap(int base, int d, int size, int kernel) {
        int room = size - 1 - base;
        return room < 0 ? 0 : Math.min(kernel, room / d + 1);
    }

    /**
     * Computes output rows [r0, r1), counted over batch and height.
     *
     * @param bias [O] at {@code biasOff}, or null
     */
    public static void run(ConvGeometry g, Activation act, float[] x, int xOff, float[] packed, float[] bias,
            int biasOff, float[] y, int yOff, int r0, int r1) {
        int inC = g.inC();
        int outC = g.outC();
        int mult = outC / inC;
        int kw = g.kw();
        for (int r = r0; r < r1; r++) {
            int n = r / g.outH();
            int oy = r % g.outH();
            int yBase = oy * g.sy() - g.padTop();
            int ky0 = firstTap(yBase, g.dy());
            int ky1 = endTap(yBase, g.dy(), g.inH(), g.kh());
            int imageBase = xOff + n * g.inH() * g.inW() * inC;
            for (int ox = 0; ox < g.outW(); ox++) {
                int xBase = ox * g.sx() - g.padLeft();
                int kx0 = firstTap(xBase, g.dx());
                int kx1 = endTap(xBase, g.dx(), g.inW(), kw);
                int yo = yOff + (r * g.outW() + ox) * outC;
                if (bias == null) {
                    java.util.Arrays.fill(y, yo, yo + outC, 0f);
                } else {
                    System.arraycopy(bias, biasOff, y, yo, outC);
                }
                for (int ky = ky0; ky < ky1; ky++) {
                    int rowBase = imageBase + (yBase + ky * g.dy()) * g.inW() * inC;
                    for (int kx = kx0; kx < kx1; kx++) {
                        int xo = rowBase + (xBase + kx * g.dx()) * inC;
                        int wo = (ky * kw + kx) * outC;
                        if (mult == 1) {
                            multiplyAdd(y, yo, x, xo, packed, wo, outC);
                        } else {
                            multiplyAddExpand(y, yo, x, xo, packed, wo, inC, mult);
                        }
                    }
                }
                act.apply(y, yo, outC);
            }
        }
    }

    /** y[yo+i] += x[xo+i] * w[wo+i]. */
    static void multiplyAdd(float[] y, int yo, float[] x, int xo, float[] w, int wo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += x[xo + i] * w[wo + i];
        }
    }

    /** y[yo + c*m + j] += x[xo + c] * w[wo + c*m + j]: the channel-multiplier case. */
    static void multiplyAddExpand(float[] y, int yo, float[] x, int xo, float[] w, int wo, int inC, int mult) {
        for (int c = 0; c < inC; c++) {
            float v = x[xo + c];
            int base = c * mult;
            for (int j = 0; j < mult; j++) {
                y[yo + base + j] += v * w[wo + base + j];
            }
        }
    }
}
