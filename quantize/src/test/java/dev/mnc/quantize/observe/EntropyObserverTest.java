package dev.mnc.quantize.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EntropyObserverTest {

    /** The histogram's counts without the values exactly 0, which the divergence leaves out. */
    private static long[] nonzeroCounts(Histogram h) {
        long[] c = h.counts();
        c[h.zeroBin()] -= h.zeros();
        return c;
    }

    /** KL(P || Q) for one window written out from the definition, bin by bin. */
    private static double referenceDivergence(long[] h, int a, int b) {
        int k = b - a;
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            p[i] = h[a + i];
        }
        double total = 0;
        for (long c : h) {
            total += c;
        }
        for (int i = 0; i < a; i++) {
            p[0] += h[i];
        }
        for (int i = b; i < h.length; i++) {
            p[k - 1] += h[i];
        }
        double[] q = new double[k];
        double delta = 1e-4 * total / k;
        for (int j = 0; j < 256; j++) {
            int s = (int) ((long) j * k / 256);
            int e = (int) ((long) (j + 1) * k / 256);
            double sum = 0;
            int nonzero = 0;
            for (int i = s; i < e; i++) {
                sum += h[a + i];
                nonzero += p[i] > 0 ? 1 : 0;
            }
            for (int i = s; i < e; i++) {
                if (p[i] > 0) {
                    q[i] = sum > 0 ? sum / nonzero : delta;
                }
            }
        }
        double pSum = 0;
        double qSum = 0;
        for (int i = 0; i < k; i++) {
            pSum += p[i];
            qSum += q[i];
        }
        double kl = 0;
        for (int i = 0; i < k; i++) {
            if (p[i] > 0) {
                kl += p[i] / pSum * Math.log((p[i] / pSum) / (q[i] / qSum));
            }
        }
        return kl;
    }

    @Test
    void prefixSumDivergenceEqualsTheDefinitionForEveryWindowSize() {
        for (float[] x : new float[][] {Samples.withOutliers(50_000, 7), Samples.relu(50_000, 8)}) {
            EntropyObserver o = new EntropyObserver(Samples.minMax(x));
            o.observe(x, 0, x.length);
            EntropyObserver.Prefix pre = new EntropyObserver.Prefix(o.histogram());
            long[] h = nonzeroCounts(o.histogram());
            for (int k = 256; k <= Histogram.BINS; k += 97) {
                int[] w = Windows.of(o.histogram(), k);
                assertThat(o.divergence(pre, w)).as("k=%d", k).isCloseTo(referenceDivergence(h, w[0], w[1]), within(1e-9));
            }
        }
    }

    @Test
    void chosenWindowMinimizesTheReferenceDivergence() {
        float[] x = Samples.withOutliers(50_000, 9);
        EntropyObserver o = new EntropyObserver(Samples.minMax(x));
        o.observe(x, 0, x.length);
        long[] h = nonzeroCounts(o.histogram());
        double best = Double.POSITIVE_INFINITY;
        Range bestRange = null;
        for (int k = 256; k <= Histogram.BINS; k++) {
            int[] w = Windows.of(o.histogram(), k);
            double d = referenceDivergence(h, w[0], w[1]);
            if (d < best - 1e-12) {
                best = d;
                bestRange = Windows.range(o.histogram(), w);
            }
        }
        assertThat(o.range()).isEqualTo(bestRange);
        // The +-20 outliers are clipped: the range keeps the bulk of a unit normal.
        assertThat(o.range().hi()).isBetween(2.0, 15.0);
        assertThat(o.range().lo()).isBetween(-15.0, -2.0);
    }

    @Test
    void reluRangeStartsAtZero() {
        float[] x = Samples.relu(50_000, 10);
        EntropyObserver o = new EntropyObserver(Samples.minMax(x));
        o.observe(x, 0, x.length);
        assertThat(o.range().lo()).isEqualTo(0);
        assertThat(o.range().hi()).isLessThan(12);
    }

    @Test
    void sparseHistogramKeepsTheWholeInterval() {
        float[] x = Samples.withOutliers(2_000, 14);
        EntropyObserver o = new EntropyObserver(Samples.minMax(x));
        o.observe(x, 0, x.length);
        assertThat(o.range()).isEqualTo(o.histogram().interval());
    }
}
