package dev.mnc.runtime.kernels.int8;

import dev.mnc.runtime.kernels.ConvGeometry;

/**
 * int8 depthwise convolution with channel multiplier 1, a whole output row at a time: the integer
 * twin of the float {@link dev.mnc.runtime.kernels.DepthwiseRows}, for the MobileNet case.
 *
 * <p>C2 vectorizes int arithmetic over int arrays but not arithmetic that mixes bytes and ints, so
 * each input row the output row reads is first widened once to ints holding (x + inputOffset)
 * (kept in a small per-thread cache of the last kh rows, which the next output rows reuse). Each
 * kernel tap's input pixels are then copied ({@link System#arraycopy}) into a scratch row laid out
 * like the output row ([OW][C]), the tap's weights having been replicated at load into a row of
 * the same layout, and {@code acc[i] += x0[i]*w0[i] + x1[i]*w1[i] + x2[i]*w2[i]} runs over all
 * OW*C elements with every array indexed by the same {@code i}, three taps per pass. Scratch
 * positions whose tap falls in the left or right padding stay 0 from creation (the padding's
 * x + inputOffset), so borders cost nothing; rows above or below the image are skipped. The
 * accumulators are exact, so the result equals {@link DepthwiseQ8}'s.
 */
public final class DepthwiseRowsQ8 {
    private DepthwiseRowsQ8() {}

    /** Largest taps * OW * C this kernel replicates weights for; beyond it use {@link DepthwiseQ8}. */
    public static final long MAX_REPLICATED = 1L << 22;

    /** Replicated weights and bias, made once at load. */
    public record Weights(int[][] taps, int[] bias) {}

    /** Replicates packed tap rows [tap][C] (and the bias, or zeros) along an output row of width {@code ow}. */
    public static Weights replicate(int[][] packed, int[] bias, int biasOff, int c, int ow) {
        int[][] taps = new int[packed.length][ow * c];
        for (int t = 0; t < packed.length; t++) {
            for (int x = 0; x < ow; x++) {
                System.arraycopy(packed[t], 0, taps[t], x * c, c);
            }
        }
        int[] b = new int[ow * c];
        if (bias != null) {
            for (int x = 0; x < ow; x++) {
                System.arraycopy(bias, biasOff, b, x * c, c);
            }
        }
        return new Weights(taps, b);
    }

    /** Per-thread scratch: the accumulator row, one tap row per kernel column, and the widened-input cache. */
    public static final class Scratch {
        final int[] acc;
        final int[][] xs;
        final int[] from;
        final int[] to;
        final int[][] rows;
        final int[] rowOf;
        final int[] tmp;

        public Scratch(ConvGeometry g) {
            int row = g.outW() * g.outC();
            acc = new int[row];
            xs = new int[g.kw()][row];
            from = new int[g.kw()];
            to = new int[g.kw()];
            for (int kx = 0; kx < g.kw(); kx++) {
                int a = 0;
                while (a < g.outW() && a * g.sx() - g.padLeft() + kx * g.dx() < 0) {
                    a++;
                }
                int b = a;
                while (b < g.outW() && b * g.sx() - g.padLeft() + kx * g.dx() < g.inW()) {
                    b++;
                }
                from[kx] = a;
                to[kx] = b;
            }
            rows = new int[g.kh()][g.inW() * g.inC()];
            rowOf = new int[g.kh()];
            java.util.Arrays.fill(rowOf, -1);
            tmp = new int[g.outC()];
        }
    }

    /** Computes output rows [r0, r1), counted over batch and height. */
    public static void run(Int8Kernels kernels, ConvGeometry g, ConvParams p, byte[] x, int xOff, Weights w, byte[] y,
            int yOff, int r0, int r1, Scratch s) {
        int c = g.inC();
        int ow = g.outW();
        int row = ow * c;
        int kw = g.kw();
        int[] acc = s.acc;
        int off = p.inputOffset();
        java.util.Arrays.fill(s.rowOf, -1);
        for (int r = r0; r < r1; r++) {
            int n = r / g.outH();
            int oy = r % g.outH();
            int yBase = oy * g.sy() - g.padTop();
            int ky0 = DepthwiseQ8.firstTap(yBase, g.dy());
            int ky1 = DepthwiseQ8.endTap(yBase, g.dy(), g.inH(), g.kh());
            System.arraycopy(w.bias(), 0, acc, 0, row);
            for (int ky = ky0; ky < ky1; ky++) {
                int[] in = widenedRow(g, x, xOff, off, n * g.inH() + yBase + ky * g.dy(), s);
                for (int kx = 0; kx < kw; kx++) {
                    int[] dst = s.xs[kx];
                    int a = s.from[kx];
                    int b = s.to[kx];
                    int src = (a * g.sx() - g.padLeft() + kx * g.dx()) * c;
                    if (g.sx() == 1) {
                        System.arraycopy(in, src, dst, a * c, (b - a) * c);
                    } else {
                        int step = g.sx() * c;
                        for (int ox = a; ox < b; ox++, src += step) {
                            System.arraycopy(in, src, dst, ox * c, c);
                        }
                    }
                }
                int[][] taps = w.taps();
                int t = ky * kw;
                int kx = 0;
                for (; kx + 3 <= kw; kx += 3) {
                    madd3(acc, s.xs[kx], taps[t + kx], s.xs[kx + 1], taps[t + kx + 1], s.xs[kx + 2], taps[t + kx + 2],
                            row);
                }
                for (; kx < kw; kx++) {
                    madd(acc, s.xs[kx], taps[t + kx], row);
                }
            }
            int yo = yOff + r * row;
            for (int ox = 0; ox < ow; ox++) {
                kernels.requantize(p, acc, ox * c, c, y, yo + ox * c, s.tmp);
            }
        }
    }

    /** Input row {@code iy} (counted over batch and height) widened to x + offset, from the cache when recent. */
    private static int[] widenedRow(ConvGeometry g, byte[] x, int xOff, int off, int iy, Scratch s) {
        int slot = iy % s.rows.length;
        int[] dst = s.rows[slot];
        if (s.rowOf[slot] != iy) {
            int len = g.inW() * g.inC();
            widen(x, xOff + iy * len, dst, off, len);
            s.rowOf[slot] = iy;
        }
        return dst;
    }

    /** dst[i] = src[so + i] + off: bytes to ints, the one conversion pass per input row. */
    static void widen(byte[] src, int so, int[] dst, int off, int n) {
        for (int i = 0; i < n; i++) {
            dst[i] = src[so + i] + off;
        }
    }

    /** acc[i] += x0[i]*w0[i] + x1[i]*w1[i] + x2[i]*w2[i]: one kernel row of three taps. */
    static void madd3(int[] acc, int[] x0, int[] w0, int[] x1, int[] w1, int[] x2, int[] w2, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] += x0[i] * w0[i] + x1[i] * w1[i] + x2[i] * w2[i];
        }
    }

    /** acc[i] += x[i] * w[i]. */
    static void madd(int[] acc, int[] x, int[] w, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] += x[i] * w[i];
        }
    }
}
