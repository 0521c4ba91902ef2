package dev.mnc.runtime.kernels;

/**
 * Matrix product with bias and fused activation: C[m, n] = act(bias[n] + sum_k A[m, k] * B[k, n]),
 * for the rows [m0, m1) and columns [n0, n1) of C. B is packed row-major [K][N], so the innermost
 * loop is a multiply-add of one scalar of A into a contiguous run of C from a contiguous run of B,
 * which C2 turns into vector code. Columns are blocked so that a run of C stays in L1 and a block
 * of B in L2 while every row of A streams past it.
 *
 * <p>Each C element accumulates over k in increasing order whatever the row/column ranges, so any
 * split of the work across threads gives bit-identical results.
 */
public final class Gemm {
    private Gemm() {}

    private static final int N_BLOCK = 256;
    private static final int K_BLOCK = 128;

    /**
     * Where the operands live: A at {@code aOff} with row stride {@code lda}, B at {@code bOff}
     * packed [k][n] with row stride {@code ldb}, C at {@code cOff} with row stride {@code ldc}.
     */
    public record Params(int k, int lda, int ldb, int ldc, Activation act) {}

    /**
     * Computes the block rows [m0, m1) x columns [n0, n1) of C.
     *
     * @param bias per-column bias read at {@code biasOff + n}, or null for none
     */
    public static void run(Params p, float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff, float[] c,
            int cOff, int m0, int m1, int n0, int n1) {
        int kTotal = p.k();
        int lda = p.lda();
        int ldb = p.ldb();
        int ldc = p.ldc();
        for (int nb = n0; nb < n1; nb += N_BLOCK) {
            int nLen = Math.min(N_BLOCK, n1 - nb);
            for (int m = m0; m < m1; m++) {
                int co = cOff + m * ldc + nb;
                if (bias == null) {
                    java.util.Arrays.fill(c, co, co + nLen, 0f);
                } else {
                    System.arraycopy(bias, biasOff + nb, c, co, nLen);
                }
            }
            for (int kb = 0; kb < kTotal; kb += K_BLOCK) {
                int kEnd = Math.min(kTotal, kb + K_BLOCK);
                for (int m = m0; m < m1; m++) {
                    int co = cOff + m * ldc + nb;
                    int ao = aOff + m * lda;
                    for (int k = kb; k < kEnd; k++) {
                        axpy(c, co, a[ao + k], b, bOff + k * ldb + nb, nLen);
                    }
                }
            }
            if (!p.act().isNone()) {
                for (int m = m0; m < m1; m++) {
                    p.act().apply(c, cOff + m * ldc + nb, nLen);
                }
            }
        }
    }

    /** y[yo + i] += alpha * x[xo + i] for i in [0, n): the loop C2 vectorizes. */
    static void axpy(float[] y, int yo, float alpha, float[] x, int xo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }
}
