package dev.mnc.runtime.kernels.int8;

import dev.mnc.runtime.kernels.ConvGeometry;
import dev.mnc.runtime.kernels.DepthwiseRows;
import dev.mnc.runtime.kernels.Taps;

/**
 * int8 depthwise convolution with channel multiplier 1, a whole output row at a time: the integer
 * twin of the float {@link dev.mnc.runtime.kernels.DepthwiseRows}, for the MobileNet case, as
 * {@link ScalarInt8Kernels} runs it (the vector kernels have their own loop over the same
 * {@link Weights} and {@link Scratch}).
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

    /**
     * Whether {@code kernels} run this depthwise geometry (multiplier 1) whole rows at a time:
     * within {@link #MAX_REPLICATED} when they replicate weights, else with at most
     * {@link GemmQ8#FLOAT_DEPTH} taps (their float sums stay exact).
     */
    public static boolean fits(Int8Kernels kernels, ConvGeometry g) {
        long taps = (long) g.kh() * g.kw();
        return kernels.replicatesDepthwise() ? (taps + 1) * g.outW() * g.outC() <= MAX_REPLICATED
                : taps <= GemmQ8.FLOAT_DEPTH;
    }

    /**
     * Weights made once at load: the taps [kh*kw][C] as exact floats and the bias [C] (zeros
     * without one), which vector kernels read, and for this class's kernel ({@link
     * Int8Kernels#replicatesDepthwise}) the taps and bias replicated along an output row
     * ([tap][OW*C] and [OW*C]; null otherwise).
     */
    public record Weights(float[][] taps, int[] bias, int[][] rowTaps, int[] rowBias) {
        /** From packed tap rows [tap][C] (see {@link DepthwiseQ8#packWeights}) and a bias at {@code biasOff}, or null. */
        public static Weights of(Int8Kernels kernels, int[][] packed, int[] bias, int biasOff, int c, int ow) {
            float[][] taps = new float[packed.length][c];
            for (int t = 0; t < packed.length; t++) {
                for (int i = 0; i < c; i++) {
                    taps[t][i] = packed[t][i];
                }
            }
            int[] b = new int[c];
            if (bias != null) {
                System.arraycopy(bias, biasOff, b, 0, c);
            }
            if (!kernels.replicatesDepthwise()) {
                return new Weights(taps, b, null, null);
            }
            int[][] rowTaps = new int[packed.length][ow * c];
            int[] rowBias = new int[ow * c];
            for (int x = 0; x < ow; x++) {
                for (int t = 0; t < packed.length; t++) {
                    System.arraycopy(packed[t], 0, rowTaps[t], x * c, c);
                }
                System.arraycopy(b, 0, rowBias, x * c, c);
            }
            return new Weights(taps, b, rowTaps, rowBias);
        }
    }

    /**
     * Per-thread scratch: the widened-input cache of the last kh input rows (ints for this class's
     * kernel, floats for vector kernels), for each kernel column the range of output columns whose
     * tap lies inside the input, an int accumulator row, and either this kernel's tap rows or a
     * vector kernel's row of zeros (an input row in the padding), the input rows of the current
     * window, and float sums of one output row.
     */
    public static final class Scratch {
        final int[] from;
        final int[] to;
        final int[] rowOf;
        final int[] acc;
        final int[][] xs;
        final int[][] rows;
        final float[][] floatRows;
        final float[] zeros;
        final float[][] window;
        final float[] sums;

        public Scratch(Int8Kernels kernels, ConvGeometry g) {
            int row = g.outW() * g.outC();
            from = new int[g.kw()];
            to = new int[g.kw()];
            Taps.columns(g, from, to);
            rowOf = new int[g.kh()];
            boolean ints = kernels.replicatesDepthwise();
            acc = new int[row];
            xs = ints ? new int[g.kw()][row] : null;
            rows = ints ? new int[g.kh()][g.inW() * g.inC()] : null;
            floatRows = ints ? null : new float[g.kh()][g.inW() * g.inC()];
            zeros = ints ? null : new float[g.inW() * g.inC()];
            window = ints ? null : new float[g.kh()][];
            sums = ints ? null : new float[row];
        }
    }

    /** Computes output rows [r0, r1), counted over batch and height. */
    public static void run(ConvGeometry g, ConvParams p, byte[] x, int xOff, Weights w, byte[] y,
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
            int ky0 = Taps.first(yBase, g.dy());
            int ky1 = Taps.end(yBase, g.dy(), g.inH(), g.kh());
            System.arraycopy(w.rowBias(), 0, acc, 0, row);
            for (int ky = ky0; ky < ky1; ky++) {
                int[] in = widenedRow(g, x, xOff, off, n * g.inH() + yBase + ky * g.dy(), s);
                for (int kx = 0; kx < kw; kx++) {
                    DepthwiseRows.gather(g, kx, in, 0, s.xs[kx], s.from[kx], s.to[kx]);
                }
                int[][] taps = w.rowTaps();
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
                p.store(acc, ox * c, c, 0, y, yo + ox * c);
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
