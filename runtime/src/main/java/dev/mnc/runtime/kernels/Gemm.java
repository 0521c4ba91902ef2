package dev.mnc.runtime.kernels;

/**
 * Matrix product with bias and fused activation: C[m, n] = act(bias[n] + sum_k A[m, k] * B[k, n])
 * for rows [m0, m1) of A and C, B packed once into one array per row k ({@link Packed}).
 *
 * <p>Shaped for C2's auto-vectorizer, which (in JDK 17) vectorizes a loop only when every array it
 * touches is indexed by the same expression: the inner loops run over {@code j} reading
 * {@code acc[j]} and {@code rows[k][j]}, all starting at 0, four k steps fused per pass
 * ({@code acc[j] += a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]}) so each accumulator load/store
 * carries four multiply-adds. Wide outputs (N >= {@link #NARROW}) accumulate one row of C at a time
 * along N; narrow ones (the 16-32 channel projections of MobileNets) would give loops too short to
 * vectorize, so a block of rows is transposed and C^T is accumulated along M instead.
 *
 * <p>Each C element sums its k terms in the same fixed groups whatever rows a call covers, so
 * splitting rows across threads gives bit-identical results.
 */
public final class Gemm {
    private Gemm() {}

    /** Outputs narrower than this use the transposed (M-inner) schedule when there are enough rows. */
    public static final int NARROW = 48;
    /** Rows per block of the transposed schedule. */
    public static final int ROW_BLOCK = 128;
    /** Deepest K the transposed schedule takes (its scratch holds K x {@link #ROW_BLOCK} floats). */
    public static final int TRANSPOSED_MAX_K = 4096;

    /** B [K][N] with each row its own array (so every row starts at index 0). */
    public record Packed(int k, int n, float[][] rows) {
        /** Packs from a flat row-major array b[bOff + k*ldb + n]. */
        public static Packed of(float[] b, int bOff, int k, int n, int ldb) {
            float[][] rows = new float[k][n];
            for (int i = 0; i < k; i++) {
                System.arraycopy(b, bOff + i * ldb, rows[i], 0, n);
            }
            return new Packed(k, n, rows);
        }

        /** Re-fills these rows from a flat array (for a B computed at run time). */
        public void load(float[] b, int bOff, int ldb) {
            for (int i = 0; i < k; i++) {
                System.arraycopy(b, bOff + i * ldb, rows[i], 0, n);
            }
        }
    }

    /** Strides of A (lda) and C (ldc), the fused activation, and whether the transposed schedule runs. */
    public record Params(int lda, int ldc, Activation act, boolean transposed) {
        /** The schedule for a product with {@code m} rows, {@code k} terms and {@code n} columns. */
        public static Params of(int lda, int ldc, Activation act, int m, int k, int n) {
            return new Params(lda, ldc, act, n < NARROW && m >= 32 && k <= TRANSPOSED_MAX_K);
        }
    }

    /** Per-thread scratch: one accumulator row, or the transposed blocks of A and C. */
    public static final class Scratch {
        final float[] acc;
        final float[][] at;
        final float[][] ct;

        public Scratch(Params p, int k, int n) {
            if (p.transposed()) {
                acc = null;
                at = new float[k][ROW_BLOCK];
                ct = new float[n][ROW_BLOCK];
            } else {
                acc = new float[n];
                at = null;
                ct = null;
            }
        }
    }

    /**
     * Computes rows [m0, m1) and columns [n0, n1) of C (columns other than all of B's only with the
     * row schedule).
     *
     * @param bias per-column bias read at {@code biasOff + n}, or null
     */
    public static void run(Params p, float[] a, int aOff, Packed b, float[] bias, int biasOff, float[] c, int cOff,
            int m0, int m1, int n0, int n1, Scratch s) {
        if (p.transposed()) {
            runTransposed(p, a, aOff, b, bias, biasOff, c, cOff, m0, m1, s);
            return;
        }
        float[] acc = s.acc;
        float[][] rows = b.rows();
        int k = b.k();
        int k4 = k & ~3;
        float lo = p.act().lo();
        float hi = p.act().hi();
        for (int m = m0; m < m1; m++) {
            int ao = aOff + m * p.lda();
            if (bias == null) {
                java.util.Arrays.fill(acc, n0, n1, 0f);
            } else {
                System.arraycopy(bias, biasOff + n0, acc, n0, n1 - n0);
            }
            for (int kk = 0; kk < k4; kk += 4) {
                axpy4(acc, a[ao + kk], rows[kk], a[ao + kk + 1], rows[kk + 1], a[ao + kk + 2], rows[kk + 2],
                        a[ao + kk + 3], rows[kk + 3], n0, n1);
            }
            for (int kk = k4; kk < k; kk++) {
                axpy(acc, a[ao + kk], rows[kk], n0, n1);
            }
            int co = cOff + m * p.ldc();
            for (int j = n0; j < n1; j++) {
                c[co + j] = Math.min(Math.max(acc[j], lo), hi);
            }
        }
    }

    /** C^T over blocks of rows: acc_n[r] += sum_k B[k][n] * A^T[k][r], vectorized along r. */
    private static void runTransposed(Params p, float[] a, int aOff, Packed b, float[] bias, int biasOff, float[] c,
            int cOff, int m0, int m1, Scratch s) {
        float[][] at = s.at;
        int k = b.k();
        for (int mb = m0; mb < m1; mb += ROW_BLOCK) {
            int len = Math.min(ROW_BLOCK, m1 - mb);
            for (int r = 0; r < len; r++) {
                int ao = aOff + (mb + r) * p.lda();
                for (int kk = 0; kk < k; kk++) {
                    at[kk][r] = a[ao + kk];
                }
            }
            transposedBlock(p, b, bias, biasOff, c, cOff, mb, len, s);
        }
    }

    /**
     * One block of the transposed schedule, with A^T for rows [mb, mb+len) already in
     * {@code s.at[k][0..len)} (im2col gathers straight into it): C rows [mb, mb+len).
     */
    static void transposedBlock(Params p, Packed b, float[] bias, int biasOff, float[] c, int cOff, int mb, int len,
            Scratch s) {
        float[][] at = s.at;
        float[][] ct = s.ct;
        float[][] rows = b.rows();
        int k = b.k();
        int n = b.n();
        int k4 = k & ~3;
        float lo = p.act().lo();
        float hi = p.act().hi();
        for (int j = 0; j < n; j++) {
            float[] acc = ct[j];
            java.util.Arrays.fill(acc, 0, len, bias == null ? 0f : bias[biasOff + j]);
            for (int kk = 0; kk < k4; kk += 4) {
                axpy4(acc, rows[kk][j], at[kk], rows[kk + 1][j], at[kk + 1], rows[kk + 2][j], at[kk + 2],
                        rows[kk + 3][j], at[kk + 3], 0, len);
            }
            for (int kk = k4; kk < k; kk++) {
                axpy(acc, rows[kk][j], at[kk], 0, len);
            }
        }
        for (int r = 0; r < len; r++) {
            int co = cOff + (mb + r) * p.ldc();
            for (int j = 0; j < n; j++) {
                c[co + j] = Math.min(Math.max(ct[j][r], lo), hi);
            }
        }
    }

    /** y[j] += a*x[j] for j in [from, to). */
    static void axpy(float[] y, float a, float[] x, int from, int to) {
        for (int j = from; j < to; j++) {
            y[j] += a * x[j];
        }
    }

    /** y[j] += a0*x0[j] + a1*x1[j] + a2*x2[j] + a3*x3[j] for j in [from, to): four k steps per pass. */
    static void axpy4(float[] y, float a0, float[] x0, float a1, float[] x1, float a2, float[] x2, float a3,
            float[] x3, int from, int to) {
        for (int j = from; j < to; j++) {
            y[j] += a0 * x0[j] + a1 * x1[j] + a2 * x2[j] + a3 * x3[j];
        }
    }
}
