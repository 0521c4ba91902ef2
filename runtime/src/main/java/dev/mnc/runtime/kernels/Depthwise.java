package dev.mnc.runtime.kernels;

/**
 * Depthwise 2-D convolution (group == input channels), any kernel, stride, dilation and channel
 * multiplier m (output channel c*m + j reads input channel c). Weights are packed once at load from
 * [C*m][kh][kw][1] to one array per tap, [kh*kw][C*m].
 *
 * <p>Borders cost nothing in the hot loop: for each output pixel the taps that fall inside the
 * input are worked out once ({@link Taps}), and only those are summed, which
 * is exactly zero padding. The hot loop itself is shaped for C2's vectorizer (see {@link Gemm}):
 * the input pixels of up to three taps of a kernel row are copied into scratch rows that start at
 * index 0, then {@code acc[c] += x0[c]*w0[c] + x1[c]*w1[c] + x2[c]*w2[c]} runs with every array
 * indexed by the same {@code c}; 3x3 kernels (stride 1 or 2) take exactly one such pass per row.
 */
public final class Depthwise {
    private Depthwise() {}

    /** [O][kh][kw][1] to rows[tap][o]. */
    public static float[][] packWeights(float[] w, int wOff, int outC, int kh, int kw) {
        int taps = kh * kw;
        float[][] rows = new float[taps][outC];
        for (int o = 0; o < outC; o++) {
            for (int t = 0; t < taps; t++) {
                rows[t][o] = w[wOff + o * taps + t];
            }
        }
        return rows;
    }

    /** Per-thread scratch: the accumulator and three input rows. */
    public static final class Scratch {
        final float[] acc;
        final float[] x0;
        final float[] x1;
        final float[] x2;

        public Scratch(int inC, int outC) {
            acc = new float[outC];
            x0 = new float[inC];
            x1 = new float[inC];
            x2 = new float[inC];
        }
    }

    /**
     * Computes output rows [r0, r1), counted over batch and height.
     *
     * @param bias [O] at {@code biasOff}, or null
     */
    public static void run(ConvGeometry g, Activation act, float[] x, int xOff, float[][] w, float[] bias, int biasOff,
            float[] y, int yOff, int r0, int r1, Scratch s) {
        int inC = g.inC();
        int outC = g.outC();
        int mult = outC / inC;
        int kw = g.kw();
        float[] acc = s.acc;
        float lo = act.lo();
        float hi = act.hi();
        for (int r = r0; r < r1; r++) {
            int n = r / g.outH();
            int oy = r % g.outH();
            int yBase = oy * g.sy() - g.padTop();
            int ky0 = Taps.first(yBase, g.dy());
            int ky1 = Taps.end(yBase, g.dy(), g.inH(), g.kh());
            int imageBase = xOff + n * g.inH() * g.inW() * inC;
            for (int ox = 0; ox < g.outW(); ox++) {
                int xBase = ox * g.sx() - g.padLeft();
                int kx0 = Taps.first(xBase, g.dx());
                int kx1 = Taps.end(xBase, g.dx(), g.inW(), kw);
                if (bias == null) {
                    java.util.Arrays.fill(acc, 0, outC, 0f);
                } else {
                    System.arraycopy(bias, biasOff, acc, 0, outC);
                }
                for (int ky = ky0; ky < ky1; ky++) {
                    int rowBase = imageBase + (yBase + ky * g.dy()) * g.inW() * inC;
                    int kx = kx0;
                    if (mult == 1) {
                        for (; kx + 3 <= kx1; kx += 3) {
                            int xo = rowBase + (xBase + kx * g.dx()) * inC;
                            int step = g.dx() * inC;
                            System.arraycopy(x, xo, s.x0, 0, inC);
                            System.arraycopy(x, xo + step, s.x1, 0, inC);
                            System.arraycopy(x, xo + 2 * step, s.x2, 0, inC);
                            int t = ky * kw + kx;
                            madd3(acc, s.x0, w[t], s.x1, w[t + 1], s.x2, w[t + 2], inC);
                        }
                    }
                    for (; kx < kx1; kx++) {
                        int xo = rowBase + (xBase + kx * g.dx()) * inC;
                        System.arraycopy(x, xo, s.x0, 0, inC);
                        float[] wt = w[ky * kw + kx];
                        if (mult == 1) {
                            madd(acc, s.x0, wt, inC);
                        } else {
                            maddExpand(acc, s.x0, wt, inC, mult);
                        }
                    }
                }
                int yo = yOff + (r * g.outW() + ox) * outC;
                for (int c = 0; c < outC; c++) {
                    y[yo + c] = Math.min(Math.max(acc[c], lo), hi);
                }
            }
        }
    }

    /** acc[c] += x[c] * w[c]. */
    static void madd(float[] acc, float[] x, float[] w, int n) {
        for (int c = 0; c < n; c++) {
            acc[c] += x[c] * w[c];
        }
    }

    /** acc[c] += x0[c]*w0[c] + x1[c]*w1[c] + x2[c]*w2[c]: one kernel row of three taps. */
    static void madd3(float[] acc, float[] x0, float[] w0, float[] x1, float[] w1, float[] x2, float[] w2, int n) {
        for (int c = 0; c < n; c++) {
            acc[c] += x0[c] * w0[c] + x1[c] * w1[c] + x2[c] * w2[c];
        }
    }

    /** acc[c*m + j] += x[c] * w[c*m + j]: the channel-multiplier case. */
    static void maddExpand(float[] acc, float[] x, float[] w, int inC, int mult) {
        for (int c = 0; c < inC; c++) {
            float v = x[c];
            int base = c * mult;
            for (int j = 0; j < mult; j++) {
                acc[base + j] += v * w[base + j];
            }
        }
    }
}
