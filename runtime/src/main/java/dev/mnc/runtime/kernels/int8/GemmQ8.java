package dev.mnc.runtime.kernels.int8;

/**
 * The int8 matrix product behind convolutions and dense layers:
 * C[m, n] = requantize(bias[n] + sum_k (A[m, k] + inputOffset) * B[k, n]) with A and C int8 and
 * B the int8 weights widened once, at load, to one {@code int[]} row per k ({@link Packed}).
 *
 * <p>Integer products and sums are exact, so any order gives the same accumulator; the loops are
 * shaped for C2's auto-vectorizer exactly as the float {@link dev.mnc.runtime.kernels.Gemm} is:
 * inner loops over {@code j} touch only arrays indexed by {@code j} from 0
 * ({@code acc[j] += a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]}, four k steps per pass), and
 * narrow outputs (N below {@link #NARROW}, the 16-32 channel projections of MobileNets) accumulate
 * C^T along M over a transposed block of A instead. The requantization of each finished row is
 * {@link ConvParams#store}.
 *
 * <p>Overflow: see {@link ConvParams}; K is at most {@link ConvParams#MAX_DEPTH}.
 */
public final class GemmQ8 {
    private GemmQ8() {}

    /** Outputs narrower than this use the transposed (M-inner) schedule when there are enough rows. */
    public static final int NARROW = 48;
    /** Rows per block of the transposed schedule. */
    public static final int ROW_BLOCK = 128;
    /** Deepest K the transposed schedule takes (its scratch holds K x {@link #ROW_BLOCK} ints). */
    public static final int TRANSPOSED_MAX_K = 4096;

    /** Row length of {@link Packed} B is padded to a multiple of this (zeros), for 16-column vector blocks. */
    public static final int COLUMN_BLOCK = 16;

    /**
     * B [K][N], int8 values widened to int, each row its own array (so every row starts at index 0)
     * and zero-padded to a multiple of {@link #COLUMN_BLOCK} columns.
     */
    public record Packed(int k, int n, int[][] rows) {
        /** Packs B[k][j] = w[wOff + j * k + t] from row-major [O][K] weights (OHWI filters flattened). */
        public static Packed ofOutputRows(byte[] w, int wOff, int k, int n) {
            int[][] rows = new int[k][(n + COLUMN_BLOCK - 1) / COLUMN_BLOCK * COLUMN_BLOCK];
            for (int j = 0; j < n; j++) {
                int src = wOff + j * k;
                for (int t = 0; t < k; t++) {
                    rows[t][j] = w[src + t];
                }
            }
            return new Packed(k, n, rows);
        }
    }

    /** Whether a product of {@code m} rows, depth {@code k} and {@code n} columns runs transposed. */
    public static boolean transposed(int m, int k, int n) {
        return n < NARROW && m >= 32 && k <= TRANSPOSED_MAX_K;
    }

    /**
     * Per-thread scratch: an accumulator row and a requantization row (padded to whole column
     * blocks), four accumulator rows for register-blocked kernels, and with the transposed schedule
     * the transposed blocks of A and C.
     */
    public static final class Scratch {
        final int[] acc;
        final int[] tmp;
        final int[][] block;
        final int[][] at;
        final int[][] ct;

        public Scratch(boolean transposed, int k, int n) {
            int padded = (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK * COLUMN_BLOCK;
            acc = new int[padded];
            tmp = new int[padded];
            block = new int[4][padded];
            at = transposed ? new int[k][ROW_BLOCK] : null;
            ct = transposed ? new int[n][ROW_BLOCK] : null;
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
        int[][] rows = b.rows();
        int k = b.k();
        int n = b.n();
        int k4 = k & ~3;
        int off = p.inputOffset();
        for (int m = m0; m < m1; m++) {
            int ao = aOff + m * lda;
            if (bias == null) {
                java.util.Arrays.fill(acc, 0, n, 0);
            } else {
                System.arraycopy(bias, biasOff, acc, 0, n);
            }
            for (int kk = 0; kk < k4; kk += 4) {
                axpy4(acc, a[ao + kk] + off, rows[kk], a[ao + kk + 1] + off, rows[kk + 1], a[ao + kk + 2] + off,
                        rows[kk + 2], a[ao + kk + 3] + off, rows[kk + 3], n);
            }
            for (int kk = k4; kk < k; kk++) {
                axpy(acc, a[ao + kk] + off, rows[kk], n);
            }
            p.store(acc, 0, n, channel0, c, cOff + m * ldc);
        }
    }

    /** Computes rows [m0, m1) of C with the transposed schedule (narrow N). */
    public static void runTransposed(ConvParams p, byte[] a, int aOff, int lda, Packed b, int[] bias, int biasOff,
            byte[] c, int cOff, int ldc, int channel0, int m0, int m1, Scratch s) {
        int[][] at = s.at;
        int k = b.k();
        int off = p.inputOffset();
        for (int mb = m0; mb < m1; mb += ROW_BLOCK) {
            int len = Math.min(ROW_BLOCK, m1 - mb);
            for (int r = 0; r < len; r++) {
                int ao = aOff + (mb + r) * lda;
                for (int kk = 0; kk < k; kk++) {
                    at[kk][r] = a[ao + kk] + off;
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
        int[][] at = s.at;
        int[][] ct = s.ct;
        int[][] rows = b.rows();
        int k = b.k();
        int n = b.n();
        int k4 = k & ~3;
        for (int j = 0; j < n; j++) {
            int[] acc = ct[j];
            java.util.Arrays.fill(acc, 0, len, bias == null ? 0 : bias[biasOff + j]);
            for (int kk = 0; kk < k4; kk += 4) {
                axpy4(acc, rows[kk][j], at[kk], rows[kk + 1][j], at[kk + 1], rows[kk + 2][j], at[kk + 2],
                        rows[kk + 3][j], at[kk + 3], len);
            }
            for (int kk = k4; kk < k; kk++) {
                axpy(acc, rows[kk][j], at[kk], len);
            }
        }
        for (int r = 0; r < len; r++) {
            int co = cOff + (mb + r) * ldc;
            for (int j = 0; j < n; j++) {
                c[co + j] = (byte) p.requantize(ct[j][r], channel0 + j);
            }
        }
    }

    /** y[j] += a * x[j] for j in [0, n). */
    static void axpy(int[] y, int a, int[] x, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a * x[j];
        }
    }

    /** y[j] += a0*x0[j] + a1*x1[j] + a2*x2[j] + a3*x3[j] for j in [0, n): four k steps per pass. */
    static void axpy4(int[] y, int a0, int[] x0, int a1, int[] x1, int a2, int[] x2, int a3, int[] x3, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a0 * x0[j] + a1 * x1[j] + a2 * x2[j] + a3 * x3[j];
        }
    }
}
