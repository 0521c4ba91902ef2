package dev.mnc.prune;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The sufficient statistics of a multi-output least-squares problem, accumulated one sample at a
 * time so memory does not grow with the number of samples: A = sum x x^T (p x p), B = sum x y^T
 * (p x o), sum |y|^2, sum y and the sample count, where x holds the d inputs plus a trailing 1 when
 * the model has an intercept (p = d + 1), and y the o targets.
 *
 * <p>{@link #solve} minimizes sum |y - Theta^T x|^2 + lambda |W|^2 over Theta (p x o), where W is
 * Theta without its intercept row, by solving (A + lambda I_W) Theta = B with a Cholesky
 * decomposition (QR when rounding leaves the matrix not positive definite). lambda is given
 * relative to the mean diagonal of A's weight block, so one value suits inputs of any scale.
 * {@link #error} evaluates sum |y - Theta^T x|^2 = sum |y|^2 - 2 tr(Theta^T B) + tr(Theta^T A Theta)
 * for any Theta from the same statistics, which is how a fit is checked on held-out samples.
 *
 * <p>Samples are buffered and folded into A in blocks (only its upper triangle; zero inputs,
 * common after ReLU, are skipped), all in double precision.
 */
final class NormalEquations {
    private static final int BLOCK = 64;

    private final int d;
    private final int p;
    private final int o;
    private final boolean intercept;
    private final double[] a;
    private final double[] b;
    private final double[] ySum;
    private double yy;
    private long count;
    private final double[] xs;
    private final double[] ys;
    private int buffered;

    NormalEquations(int inputs, int outputs, boolean intercept) {
        this.d = inputs;
        this.p = inputs + (intercept ? 1 : 0);
        this.o = outputs;
        this.intercept = intercept;
        this.a = new double[p * p];
        this.b = new double[p * o];
        this.ySum = new double[o];
        this.xs = new double[BLOCK * p];
        this.ys = new double[BLOCK * o];
    }

    int inputs() {
        return d;
    }

    int outputs() {
        return o;
    }

    boolean hasIntercept() {
        return intercept;
    }

    long count() {
        flush();
        return count;
    }

    /** Adds one sample: the inputs {@code x[0 .. d)} and the targets {@code y[0 .. o)}. */
    void add(double[] x, double[] y) {
        int r = buffered * p;
        System.arraycopy(x, 0, xs, r, d);
        if (intercept) {
            xs[r + d] = 1;
        }
        System.arraycopy(y, 0, ys, buffered * o, o);
        for (int k = 0; k < o; k++) {
            yy += y[k] * y[k];
            ySum[k] += y[k];
        }
        count++;
        if (++buffered == BLOCK) {
            flush();
        }
    }

    private void flush() {
        for (int r = 0; r < buffered; r++) {
            int xr = r * p;
            int yr = r * o;
            for (int i = 0; i < p; i++) {
                double xi = xs[xr + i];
                if (xi == 0) {
                    continue;
                }
                int row = i * p;
                for (int j = i; j < p; j++) {
                    a[row + j] += xi * xs[xr + j];
                }
                int brow = i * o;
                for (int k = 0; k < o; k++) {
                    b[brow + k] += xi * ys[yr + k];
                }
            }
        }
        buffered = 0;
    }

    /** Adds another problem's statistics (same shape) to this one's. */
    void addAll(NormalEquations other) {
        flush();
        other.flush();
        for (int i = 0; i < a.length; i++) {
            a[i] += other.a[i];
        }
        for (int i = 0; i < b.length; i++) {
            b[i] += other.b[i];
        }
        for (int k = 0; k < o; k++) {
            ySum[k] += other.ySum[k];
        }
        yy += other.yy;
        count += other.count;
    }

    /** Mean of the diagonal of A's weight block (the inputs' mean square). */
    double meanDiagonal() {
        flush();
        double t = 0;
        for (int i = 0; i < d; i++) {
            t += a[i * p + i];
        }
        return t / d;
    }

    /**
     * Theta (p x o) minimizing the ridge objective; {@code lambdaRel} times {@link #meanDiagonal()}
     * is added to the weight block's diagonal.
     */
    double[][] solve(double lambdaRel, double[][] prior) {
        flush();
        double lambda = lambdaRel * meanDiagonal();
        double[][] m = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                m[i][j] = a[i * p + j];
                m[j][i] = a[i * p + j];
            }
            if (i < d) {
                m[i][i] += lambda;
            }
        }
        double[][] rhs = new double[p][o];
        for (int i = 0; i < p; i++) {
            System.arraycopy(b, i * o, rhs[i], 0, o);
            if (i < d && prior != null) {
                for (int k = 0; k < o; k++) {
                    rhs[i][k] += lambda * prior[i][k];
                }
            }
        }
        RealMatrix matrix = new Array2DRowRealMatrix(m, false);
        DecompositionSolver solver;
        try {
            solver = new CholeskyDecomposition(matrix, 1e-12, 1e-14).getSolver();
        } catch (NonPositiveDefiniteMatrixException e) {
            solver = new QRDecomposition(matrix).getSolver();
        }
        return solver.solve(new Array2DRowRealMatrix(rhs, false)).getData();
    }

    /** sum |y - Theta^T x|^2 over the accumulated samples. */
    double error(double[][] theta) {
        flush();
        double cross = 0;
        double quad = 0;
        double[] t = new double[p];
        for (int k = 0; k < o; k++) {
            for (int i = 0; i < p; i++) {
                cross += theta[i][k] * b[i * o + k];
                t[i] = theta[i][k];
            }
            for (int i = 0; i < p; i++) {
                double ti = t[i];
                if (ti == 0) {
                    continue;
                }
                int row = i * p;
                double s = a[row + i] * ti;
                for (int j = i + 1; j < p; j++) {
                    s += 2 * a[row + j] * t[j];
                }
                quad += ti * s;
            }
        }
        return Math.max(0, yy - 2 * cross + quad);
    }

    /** sum |y - mean y|^2: the error of predicting every target by its mean, the scale errors are reported against. */
    double centeredTotal() {
        flush();
        if (count == 0) {
            return 0;
        }
        double s = 0;
        for (double v : ySum) {
            s += v * v;
        }
        return Math.max(0, yy - s / count);
    }
}
