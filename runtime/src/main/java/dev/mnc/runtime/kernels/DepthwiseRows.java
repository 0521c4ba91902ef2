package dev.mnc.runtime.kernels;

/**
 * Depthwise convolution with channel multiplier 1, computed a whole output row at a time: the
 * long-loop sibling of {@link Depthwise} for the MobileNet case.
 *
 * <p>For every kernel tap, the input pixels the output row reads are copied into a scratch row laid
 * out like the output ([OW][C]; one {@link System#arraycopy} when stride x is 1), and the tap's
 * weights are replicated at load into a row of the same layout. The accumulation
 * {@code acc[i] += x0[i]*w0[i] + x1[i]*w1[i] + x2[i]*w2[i]} then runs over all OW*C elements with
 * every array indexed by the same {@code i}, the loop shape C2 vectorizes, three taps per pass.
 * Scratch positions whose tap falls in the left or right padding are zero from creation and never
 * written, so borders need no code in the hot loop; rows of taps above or below the image are
 * skipped.
 */
public final class DepthwiseRows {
    private DepthwiseRows() {}

    /** Replicated weights and bias, made once at load. */
    public record Weights(float[][] taps, float[] bias) {}

    /** Largest taps * OW * C this kernel replicates weights for; beyond it use {@link Depthwise}. */
    public static final long MAX_REPLICATED = 1L << 22;

    /** Replicates packed tap rows [tap][C] (and the bias, or zeros) along an output row of width {@code ow}. */
    public static Weights replicate(float[][] packed, float[] bias, int biasOff, int c, int ow) {
        float[][] taps = new float[packed.length][ow * c];
        for (int t = 0; t < packed.length; t++) {
            for (int x = 0; x < ow; x++) {
                System.arraycopy(packed[t], 0, taps[t], x * c, c);
            }
        }
        float[] b = new float[ow * c];
        if (bias != null) {
            for (int x = 0; x < ow; x++) {
                System.arraycopy(bias, biasOff, b, x * c, c);
            }
        }
        return new Weights(taps, b);
    }

    /** Per-thread scratch: the accumulator row and one input row per kernel column, zero at the borders. */
    public static final class Scratch {
        final float[] acc;
        final float[][] xs;
        /** Per kernel column: first and one-past-last output column whose tap is inside the image. */
        final int[] from;
        final int[] to;

        public Scratch(ConvGeometry g) {
            int row = g.outW() * g.outC();
            acc = new float[row];
            xs = new float[g.kw()][row];
            from = new int[g.kw()];
            to = new int[g.kw()];
            Taps.columns(g, from, to);
        }
    }

    /**
     * Computes output rows [r0, r1), counted over batch and height. The bias (or zero) comes from
     * {@code w}; a bias read at run time goes through {@link Depthwise} instead.
     */
    public static void run(ConvGeometry g, Activation act, float[] x, int xOff, Weights w, float[] y, int yOff, int r0,
            int r1, Scratch s) {
        int c = g.inC();
        int ow = g.outW();
        int row = ow * c;
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
            System.arraycopy(w.bias(), 0, acc, 0, row);
            for (int ky = ky0; ky < ky1; ky++) {
                int rowBase = xOff + ((n * g.inH() + yBase + ky * g.dy()) * g.inW()) * c;
                for (int kx = 0; kx < kw; kx++) {
                    gather(g, kx, x, rowBase, s.xs[kx], s.from[kx], s.to[kx]);
                }
                float[][] taps = w.taps();
                int t = ky * kw;
                int kx = 0;
                for (; kx + 3 <= kw; kx += 3) {
                    Depthwise.madd3(acc, s.xs[kx], taps[t + kx], s.xs[kx + 1], taps[t + kx + 1], s.xs[kx + 2],
                            taps[t + kx + 2], row);
                }
                for (; kx < kw; kx++) {
                    Depthwise.madd(acc, s.xs[kx], taps[t + kx], row);
                }
            }
            int yo = yOff + r * row;
            for (int i = 0; i < row; i++) {
                y[yo + i] = Math.min(Math.max(acc[i], lo), hi);
            }
        }
    }

    /**
     * Copies the pixels of one input row ([W][C] in {@code src} from {@code rowOff}) that kernel
     * column {@code kx} reads for output columns [a, b) into {@code dst}, laid out like an output
     * row ([OW][C]): one copy at stride 1, one per column otherwise. It only moves elements, so the
     * float kernel and the int8 one ({@link dev.mnc.runtime.kernels.int8.DepthwiseRowsQ8}, on rows
     * already widened to int) share it; {@code src} and {@code dst} are arrays of one element type.
     */
    public static void gather(ConvGeometry g, int kx, Object src, int rowOff, Object dst, int a, int b) {
        int c = g.inC();
        int from = rowOff + (a * g.sx() - g.padLeft() + kx * g.dx()) * c;
        if (g.sx() == 1) {
            System.arraycopy(src, from, dst, a * c, (b - a) * c);
            return;
        }
        int step = g.sx() * c;
        for (int ox = a; ox < b; ox++, from += step) {
            System.arraycopy(src, from, dst, ox * c, c);
        }
    }
}
