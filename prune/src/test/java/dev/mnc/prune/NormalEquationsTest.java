package dev.mnc.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The streamed normal equations against a plain reference written here: the least-squares
 * solution by Gaussian elimination on X^T X theta = X^T Y built from the stored samples, and the
 * residual summed sample by sample.
 */
class NormalEquationsTest {
    private static final int N = 300;
    private static final int D = 6;
    private static final int O = 3;

    /** Samples x (with some exact zeros, as after ReLU) and y = W x + b + noise. */
    private static double[][][] problem(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] w = new double[O][D];
        double[] b = new double[O];
        for (int k = 0; k < O; k++) {
            b[k] = r.nextDouble() * 2 - 1;
            for (int j = 0; j < D; j++) {
                w[k][j] = r.nextDouble() * 2 - 1;
            }
        }
        double[][] xs = new double[N][D];
        double[][] ys = new double[N][O];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                double v = r.nextDouble() * 4 - 1;
                xs[i][j] = v < 0 ? 0 : v;
            }
            for (int k = 0; k < O; k++) {
                double s = b[k] + 0.01 * (r.nextDouble() - 0.5);
                for (int j = 0; j < D; j++) {
                    s += w[k][j] * xs[i][j];
                }
                ys[i][k] = s;
            }
        }
        return new double[][][] {xs, ys};
    }

    /** Solves (X1^T X1) theta = X1^T Y with X1 = [X, 1] by Gauss-Jordan elimination with partial pivoting. */
    private static double[][] reference(double[][] xs, double[][] ys) {
        int p = D + 1;
        double[][] m = new double[p][p + O];
        for (int i = 0; i < xs.length; i++) {
            double[] x1 = new double[p];
            System.arraycopy(xs[i], 0, x1, 0, D);
            x1[D] = 1;
            for (int a = 0; a < p; a++) {
                for (int c = 0; c < p; c++) {
                    m[a][c] += x1[a] * x1[c];
                }
                for (int k = 0; k < O; k++) {
                    m[a][p + k] += x1[a] * ys[i][k];
                }
            }
        }
        for (int col = 0; col < p; col++) {
            int pivot = col;
            for (int r = col + 1; r < p; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            for (int r = 0; r < p; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c < p + O; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        double[][] theta = new double[p][O];
        for (int a = 0; a < p; a++) {
            for (int k = 0; k < O; k++) {
                theta[a][k] = m[a][p + k] / m[a][a];
            }
        }
        return theta;
    }

    private static NormalEquations accumulate(double[][] xs, double[][] ys, int from, int to) {
        NormalEquations eq = new NormalEquations(D, O, true);
        for (int i = from; i < to; i++) {
            eq.add(xs[i], ys[i]);
        }
        return eq;
    }

    @Test
    void solvesLeastSquaresWithAnIntercept() {
        double[][][] pr = problem(1);
        NormalEquations eq = accumulate(pr[0], pr[1], 0, N);
        double[][] got = eq.solve(0, null);
        double[][] want = reference(pr[0], pr[1]);
        for (int a = 0; a <= D; a++) {
            for (int k = 0; k < O; k++) {
                assertThat(got[a][k]).as("theta[%d][%d]", a, k).isCloseTo(want[a][k], within(1e-9));
            }
        }
    }

    @Test
    void errorIsTheSumOfSquaredResiduals() {
        double[][][] pr = problem(2);
        NormalEquations eq = accumulate(pr[0], pr[1], 0, N);
        double[][] theta = reference(pr[0], pr[1]);
        theta[1][0] += 0.3;
        double direct = 0;
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < O; k++) {
                double y = theta[D][k];
                for (int j = 0; j < D; j++) {
                    y += theta[j][k] * pr[0][i][j];
                }
                direct += (pr[1][i][k] - y) * (pr[1][i][k] - y);
            }
        }
        assertThat(eq.error(theta)).isCloseTo(direct, within(1e-8 * direct));
        double centered = 0;
        for (int k = 0; k < O; k++) {
            double mean = 0;
            for (int i = 0; i < N; i++) {
                mean += pr[1][i][k] / N;
            }
            for (int i = 0; i < N; i++) {
                centered += (pr[1][i][k] - mean) * (pr[1][i][k] - mean);
            }
        }
        assertThat(eq.centeredTotal()).isCloseTo(centered, within(1e-8 * centered));
    }

    @Test
    void mergedStatisticsEqualOnePass() {
        double[][][] pr = problem(3);
        NormalEquations whole = accumulate(pr[0], pr[1], 0, N);
        NormalEquations first = accumulate(pr[0], pr[1], 0, 100);
        first.addAll(accumulate(pr[0], pr[1], 100, N));
        assertThat(first.count()).isEqualTo(N);
        double[][] a = whole.solve(1e-3, null);
        double[][] b = first.solve(1e-3, null);
        for (int i = 0; i <= D; i++) {
            for (int k = 0; k < O; k++) {
                assertThat(b[i][k]).isCloseTo(a[i][k], within(1e-9));
            }
        }
    }

    @Test
    void ridgeShrinksTowardThePrior() {
        double[][][] pr = problem(4);
        NormalEquations eq = accumulate(pr[0], pr[1], 0, N);
        double[][] prior = new double[D + 1][O];
        prior[2][1] = 5;
        double[][] strong = eq.solve(1e6, prior);
        assertThat(strong[2][1]).isCloseTo(5, within(1e-2));
        assertThat(strong[0][0]).isCloseTo(0, within(1e-2));
        double[][] zero = eq.solve(1e6, null);
        assertThat(zero[2][1]).isCloseTo(0, within(1e-2));
    }
}
