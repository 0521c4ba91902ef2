package dev.mnc.quantize.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MseObserverTest {

    /** The true mean squared error of quantizing x to 256 levels on [lo, hi] (0 nudged onto a level). */
    private static double trueMse(float[] x, Range r) {
        double scale = r.width() / 255;
        long zp = Math.round(-128 - r.lo() / scale);
        double err = 0;
        for (float v : x) {
            long q = Math.max(-128, Math.min(127, Math.round(v / scale) + zp));
            double d = v - scale * (q - zp);
            err += d * d;
        }
        return err / x.length;
    }

    @Test
    void chosenRangeIsNearTheTrueOptimumOfTheSearchedFamily() {
        for (float[] x : new float[][] {Samples.withOutliers(40_000, 11), Samples.relu(40_000, 12)}) {
            MseObserver o = new MseObserver(Samples.minMax(x));
            o.observe(x, 0, x.length);
            double best = Double.POSITIVE_INFINITY;
            for (int k = 64; k <= Histogram.BINS; k += 8) {
                best = Math.min(best, trueMse(x, Windows.range(o.histogram(), Windows.of(o.histogram(), k))));
            }
            double chosen = trueMse(x, o.range());
            assertThat(chosen).isLessThanOrEqualTo(best * 1.10);
            // Clipping the outliers beats keeping them: the full range errs more.
            assertThat(chosen).isLessThan(trueMse(x, Samples.minMax(x)));
        }
    }

    @Test
    void mergingIsOrderIndependent() {
        float[] x = Samples.relu(20_000, 13);
        MseObserver a = new MseObserver(Samples.minMax(x));
        MseObserver b = a.emptyCopy();
        a.observe(x, 0, 12_000);
        b.observe(x, 12_000, 8_000);
        MseObserver ab = a.emptyCopy();
        ab.merge(a);
        ab.merge(b);
        MseObserver ba = a.emptyCopy();
        ba.merge(b);
        ba.merge(a);
        assertThat(ab.histogram()).isEqualTo(ba.histogram());
        assertThat(ab.range()).isEqualTo(ba.range());
        assertThat(ab.stateSize()).isEqualTo(a.stateSize());
    }
}
