package dev.mnc.runtime.kernels.int8;

import dev.mnc.runtime.kernels.ConvGeometry;
import dev.mnc.runtime.kernels.Taps;

/**
 * int8 depthwise 2-D convolution (group == input channels), any kernel, stride, dilation and channel
 * multiplier m (output channel c*m + j reads input channel c): the integer twin of the float
 * {@link dev.mnc.runtime.kernels.Depthwise}. Weights are widened once, at load, from [C*m][kh][kw][1]
 * to one int row per tap, [kh*kw][C*m].
 *
 * <p>For each output pixel only the taps inside the input are summed (TFLite's reference kernel
 * skips the padding the same way). Each tap's input pixel is copied into a byte scratch row that
 * starts at index 0, and {@code acc[c] += (x0[c] + off) * w0[c] + ...} runs with every array
 * indexed by the same {@code c}, three taps of a kernel row per pass, the loop shape C2 vectorizes.
 *
 * <p>Overflow: at most {@link ConvParams#MAX_DEPTH} taps per accumulator (see {@link ConvParams}).
 */
public final class DepthwiseQ8 {
    private DepthwiseQ8() {}

    /** [O][kh][kw][1] to rows[tap][o], widened to int. */
    public static int[][] packWeights(byte[] w, int outC, int kh, int kw) {
        int taps = kh * kw;
        int[][] rows = new int[taps][outC];
        for (int o = 0; o < outC; o++) {
            for (int t = 0; t < taps; t++) {
                rows[t][o] = w[o * taps + t];
            }
        }
        return rows;
    }

    /** Per-thread scratch: the accumulator and three input rows. */
    public static final class Scratch {
        final int[] acc;
        final byte[] x0;
        final byte[] x1;
        final byte[] x2;

        public Scratch(int inC, int outC) {
            acc = new int[outC];
            x0 = new byte[inC];
            x1 = new byte[inC];
            x2 = new byte[inC];
        }
    }

    /**
     * Computes output rows [r0, r1), counted over batch and height.
     *
     * @param bias [O] at {@code biasOff}, or null
     */
    public static void run(ConvGeometry g, ConvParams p, byte[] x, int xOff, int[][] w, int[] bias, int biasOff,
            byte[] y, int yOff, int r0, int r1, Scratch s) {
        int inC = g.inC();
        int outC = g.outC();
        int mult = outC / inC;
        int kw = g.kw();
        int off = p.inputOffset();
        int[] acc = s.acc;
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
                    java.util.Arrays.fill(acc, 0, outC, 0);
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
                            madd3(acc, off, s.x0, w[t], s.x1, w[t + 1], s.x2, w[t + 2], inC);
                        }
                    }
                    for (; kx < kx1; kx++) {
                        System.arraycopy(x, rowBase + (xBase + kx * g.dx()) * inC, s.x0, 0, inC);
                        int[] wt = w[ky * kw + kx];
                        if (mult == 1) {
                            madd(acc, off, s.x0, wt, inC);
                        } else {
                            maddExpand(acc, off, s.x0, wt, inC, mult);
                        }
                    }
                }
                p.store(acc, 0, outC, 0, y, yOff + (r * g.outW() + ox) * outC);
            }
        }
    }

    /** acc[c] += (x[c] + off) * w[c]. */
    static void madd(int[] acc, int off, byte[] x, int[] w, int n) {
        for (int c = 0; c < n; c++) {
            acc[c] += (x[c] + off) * w[c];
        }
    }

    /** acc[c] += (x0[c]+off)*w0[c] + (x1[c]+off)*w1[c] + (x2[c]+off)*w2[c]: one kernel row of three taps. */
    static void madd3(int[] acc, int off, byte[] x0, int[] w0, byte[] x1, int[] w1, byte[] x2, int[] w2, int n) {
        for (int c = 0; c < n; c++) {
            acc[c] += (x0[c] + off) * w0[c] + (x1[c] + off) * w1[c] + (x2[c] + off) * w2[c];
        }
    }

    /** acc[c*m + j] += (x[c] + off) * w[c*m + j]: the channel-multiplier case. */
    static void maddExpand(int[] acc, int off, byte[] x, int[] w, int inC, int mult) {
        for (int c = 0; c < inC; c++) {
            int v = x[c] + off;
            int base = c * mult;
            for (int j = 0; j < mult; j++) {
                acc[base + j] += v * w[base + j];
            }
        }
    }
}
