package dev.mnc.runtime.kernels.int8;

/**
 * The int8 matrix product behind convolutions and dense layers:
 * C[m, n] = requantize(bias[n] + sum_k (A[m, k] + inputOffset) * B[k, n]) with A and C int8 and
 * B the int8 weights converted once, at load, to one {@code float[]} row per k ({@link Packed}).
 *
 * <p>The products are summed in float, exactly: |A + inputOffset| <= 255 and |B| <= 128, so each
 * product is an integer of magnitude at most 32640, and {@link #FLOAT_DEPTH} = 128 of them sum to
 * at most 4 177 920 < 2^22; every partial sum of at most that many products is therefore an
 * integer a float holds exactly (floats hold every integer up to 2^24), in any order, with or
 * without fused multiply-add. The bound 2^22 rather than 2^24 lets vector kernels convert such a
 * sum to int by adding 1.5 * 2^23 and reading the low bits, as JDK 17 compiles no vector
 * float-to-int conversion. The depth is cut
 * into runs of {@link #FLOAT_DEPTH}, each run's float sums converted to int (exactly) and added to
 * the int32 accumulator that starts at the bias. The result is the integer TFLite computes; the
 * point is speed: on the x86 cores we measured, vector float multiply-adds run about twice as fast
 * as 32-bit integer multiplies and adds (there is no 8- or 16-bit multiply-accumulate that C2 or the
 * Vector API of JDK 17 emits usefully).
 *
 * <p>The loops are shaped for C2's auto-vectorizer exactly as the float Gemm is: inner loops over
 * {@code j} touch only arrays indexed by {@code j} from 0
 * ({@code acc[j] += a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]}, four k steps per pass), and
 * narrow outputs (N below {@link #NARROW}, the 16-32 channel projections of MobileNets) accumulate
 * C^T along M over a transposed block of A instead. The requantization of each finished row is
 * {@link ConvParams#store}.
 *
 * <p>Overflow of the int32 accumulator: see {@link ConvParams}; K is at most {@link ConvParams#MAX_DEPTH}.
 */
public final class GemmQ8 {
    private GemmQ8() {}

    /** Outputs narrower than this use the transposed (M-inner) schedule when there are enough rows. */
    public static final int NARROW = 48;
    /** Rows per block of the transposed schedule. */
    public static final int ROW_BLOCK = 128;
    /** Deepest K the transposed schedule takes (its scratch holds K x {@link #ROW_BLOCK} floats). */
    public static final int TRANSPOSED_MAX_K = 4096;
    /** Most products one float partial sum takes: 128 * 255 * 128 < 2^22 keeps it exact (see above). */
    public static final int FLOAT_DEPTH = 128;
    /** Rows of A a register-blocked kernel takes at once. */
    public static final int TILE_ROWS = 6;
    /**
     * Rows of A a register-blocked kernel keeps in its panel and accumulators
     * ({@link Scratch#block}, {@link Scratch#panel}): eight tiles, so that each block of B's columns
     * read into L1 serves eight tiles, not one, before the next is read (B of a 7x7 layer's
     * 320 x 1280 weights is 1.6 MB as floats, beyond L2).
     */
    public static final int GROUP_ROWS = 8 * TILE_ROWS;
    /**
     * Elements of B (K x padded N, 128 KB as floats) above which tiles go in groups of
     * {@link #GROUP_ROWS}: smaller B stays in L2 anyway and one tile at a time keeps the smallest
     * working set. On MobileNetV2 (int8, 2-vCPU EPYC) grouping the 7x7 and 14x14 layers' products
     * (B of 55 K to 410 K elements) took the whole model from 34.7 to 27.9 ms in one profile; also
     * grouping the 25 K-element ones gained nothing measurable.
     */
    public static final long GROUP_ABOVE = 32 * 1024;

    /** Row length of {@link Packed} B is padded to a multiple of this (zeros), for 16-column vector blocks. */
    public static final int COLUMN_BLOCK = 16;

    /**
     * B [K][N], int8 values as exact floats, each row its own array (so every row starts at index 0)
     * and zero-padded to a multiple of {@link #COLUMN_BLOCK} columns.
     */
    public record Packed(int k, int n, float[][] rows) {
        /** Packs B[k][j] = w[wOff + j * k + t] from row-major [O][K] weights (OHWI filters flattened). */
        public static Packed ofOutputRows(byte[] w, int wOff, int k, int n) {
            float[][] rows = new float[k][padded(n)];
            for (int j = 0; j < n; j++) {
                int src = wOff + j * k;
                for (int t = 0; t < k; t++) {
                    rows[t][j] = w[src + t];
                }
            }
            return new Packed(k, n, rows);
        }
    }

    /** n rounded up to whole {@link #COLUMN_BLOCK}s. */
    static int padded(int n) {
        return (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK * COLUMN_BLOCK;
    }

    /** Whether a product of {@code m} rows, depth {@code k} and {@code n} columns runs transposed. */
    public static boolean transposed(int m, int k, int n) {
        return n < NARROW && m >= 32 && k <= TRANSPOSED_MAX_K;
    }

    /**
     * Per-thread scratch, rows padded to whole column blocks: an int accumulator row and a float
     * partial-sum row; {@link #GROUP_ROWS} accumulator and partial-sum rows and a panel of {@link #GROUP_ROWS} rows of A as floats for register-blocked kernels; with the transposed schedule the transposed blocks of A
     * (as floats) and C, and a float partial-sum column.
     */
    public static final class Scratch {
        final int[] acc;
        final float[] sum;
        final int[][] block;
        final float[][] sums;
        final float[] panel;
        final float[][] at;
        final int[][] ct;
        final float[] sumT;

        public Scratch(boolean transposed, int k, int n) {
            int padded = padded(n);
            acc = new int[padded];
            sum = new float[padded];
            block = new int[GROUP_ROWS][padded];
            sums = new float[GROUP_ROWS][padded];
            panel = new float[GROUP_ROWS * k];
            at = transposed ? new float[k][ROW_BLOCK] : null;
            ct = transposed ? new int[n][ROW_BLOCK] : null;
            sumT = transposed ? new float[ROW_BLOCK] : null;
        }
    }

    /**
     * Computes rows [m0, m1) of C with the row schedule.
     *
     * @param a A at {@code aOff + m * lda}; {@code c} at {@code cOff + m * ldc}
     * @param bias per-column bias at {@code biasOff + j}, or null
     * @param channel0 the output channel of column 0 (for the requantization parameters)
     */
    public static void run(ConvParams p, byte[] a, int aOff, int lda, Packed b, int[] bias, int biasOff, byte[] c,
            int cOff, int ldc, int channel0, int m0, int m1, Scratch s) {
        int[] acc = s.acc;
        float[] sum = s.sum;
        float[][] rows = b.rows();
        int k = b.k();
        int n = b.n();
        int off = p.inputOffset();
        for (int m = m0; m < m1; m++) {
            int ao = aOff + m * lda;
            if (bias == null) {
                java.util.Arrays.fill(acc, 0, n, 0);
            } else {
                System.arraycopy(bias, biasOff, acc, 0, n);
            }
            for (int t0 = 0; t0 < k; t0 += FLOAT_DEPTH) {
                int t1 = Math.min(k, t0 + FLOAT_DEPTH);
                int t4 = t0 + ((t1 - t0) & ~3);
                java.util.Arrays.fill(sum, 0, n, 0f);
                for (int t = t0; t < t4; t += 4) {
                    axpy4(sum, a[ao + t] + off, rows[t], a[ao + t + 1] + off, rows[t + 1], a[ao + t + 2] + off,
                            rows[t + 2], a[ao + t + 3] + off, rows[t + 3], n);
                }
                for (int t = t4; t < t1; t++) {
                    axpy(sum, a[ao + t] + off, rows[t], n);
                }
                addExact(acc, sum, n);
            }
            p.store(acc, 0, n, channel0, c, cOff + m * ldc);
        }
    }

    /** Computes rows [m0, m1) of C with the transposed schedule (narrow N). */
    public static void runTransposed(ConvParams p, byte[] a, int aOff, int lda, Packed b, int[] bias, int biasOff,
            byte[] c, int cOff, int ldc, int channel0, int m0, int m1, Scratch s) {
        float[][] at = s.at;
        int k = b.k();
        int off = p.inputOffset();
        for (int mb = m0; mb < m1; mb += ROW_BLOCK) {
            int len = Math.min(ROW_BLOCK, m1 - mb);
            for (int r = 0; r < len; r++) {
                int ao = aOff + (mb + r) * lda;
                for (int t = 0; t < k; t++) {
                    at[t][r] = a[ao + t] + off;
                }
            }
            transposedBlock(p, b, bias, biasOff, c, cOff, ldc, channel0, mb, len, s);
        }
    }

    /**
     * One block of the transposed schedule with (A + inputOffset)^T for rows [mb, mb+len) already in
     * {@code s.at[k][0..len)} (an im2col may gather straight into it).
     */
    static void transposedBlock(ConvParams p, Packed b, int[] bias, int biasOff, byte[] c, int cOff, int ldc,
            int channel0, int mb, int len, Scratch s) {
        float[][] at = s.at;
        int[][] ct = s.ct;
        float[] sum = s.sumT;
        float[][] rows = b.rows();
        int k = b.k();
        int n = b.n();
        for (int j = 0; j < n; j++) {
            int[] acc = ct[j];
            java.util.Arrays.fill(acc, 0, len, bias == null ? 0 : bias[biasOff + j]);
            for (int t0 = 0; t0 < k; t0 += FLOAT_DEPTH) {
                int t1 = Math.min(k, t0 + FLOAT_DEPTH);
                int t4 = t0 + ((t1 - t0) & ~3);
                java.util.Arrays.fill(sum, 0, len, 0f);
                for (int t = t0; t < t4; t += 4) {
                    axpy4(sum, rows[t][j], at[t], rows[t + 1][j], at[t + 1], rows[t + 2][j], at[t + 2],
                            rows[t + 3][j], at[t + 3], len);
                }
                for (int t = t4; t < t1; t++) {
                    axpy(sum, rows[t][j], at[t], len);
                }
                addExact(acc, sum, len);
            }
        }
        for (int r = 0; r < len; r++) {
            int co = cOff + (mb + r) * ldc;
            for (int j = 0; j < n; j++) {
                c[co + j] = (byte) p.requantize(ct[j][r], channel0 + j);
            }
        }
    }

    /** acc[j] += (int) sum[j]: a float partial sum, an exact integer, into the int accumulator. */
    static void addExact(int[] acc, float[] sum, int n) {
        for (int j = 0; j < n; j++) {
            acc[j] += (int) sum[j];
        }
    }

    /** y[j] += a * x[j] for j in [0, n). */
    static void axpy(float[] y, float a, float[] x, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a * x[j];
        }
    }

    /** y[j] += a0*x0[j] + a1*x1[j] + a2*x2[j] + a3*x3[j] for j in [0, n): four k steps per pass. */
    static void axpy4(float[] y, float a0, float[] x0, float a1, float[] x1, float a2, float[] x2, float a3,
            float[] x3, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a0 * x0[j] + a1 * x1[j] + a2 * x2[j] + a3 * x3[j];
        }
    }
}
