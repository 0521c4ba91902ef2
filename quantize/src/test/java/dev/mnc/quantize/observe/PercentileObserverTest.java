package dev.mnc.quantize.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PercentileObserverTest {

    @Test
    void percentilesMatchTheSortedDataWithinOneBin() {
        float[] x = Samples.withOutliers(200_000, 3);
        Range interval = Samples.minMax(x);
        double bin = interval.width() / Histogram.BINS;
        for (double p : new double[] {99.0, 99.9, 99.99}) {
            PercentileObserver o = new PercentileObserver(interval, p);
            o.observe(x, 0, x.length);
            Range r = o.range();
            assertThat(r.hi()).as("p=%s", p).isCloseTo(Samples.exactQuantile(x, p / 100), within(bin));
            assertThat(r.lo()).as("p=%s", p).isCloseTo(Samples.exactQuantile(x, 1 - p / 100), within(bin));
        }
        PercentileObserver all = new PercentileObserver(interval, 100);
        all.observe(x, 0, x.length);
        assertThat(all.range().hi()).isCloseTo(20, within(bin));
        assertThat(all.range().lo()).isCloseTo(-20, within(bin));
    }

    @Test
    void reluOutputKeepsZeroAsItsLowEnd() {
        float[] x = Samples.relu(100_000, 4);
        PercentileObserver o = new PercentileObserver(Samples.minMax(x), 99.9);
        o.observe(x, 0, x.length);
        assertThat(o.range().lo()).isCloseTo(0, within(Samples.minMax(x).width() / Histogram.BINS));
        assertThat(o.range().hi()).isLessThan(12);
    }

    @Test
    void mergedHistogramsEqualOneHistogramOfAllTheData() {
        float[] x = Samples.normal(30_000, 5, 1, 2);
        Range interval = Samples.minMax(x);
        PercentileObserver whole = new PercentileObserver(interval, 99.9);
        whole.observe(x, 0, x.length);
        PercentileObserver[] parts = new PercentileObserver[3];
        for (int i = 0; i < 3; i++) {
            parts[i] = whole.emptyCopy();
            parts[i].observe(x, i * 10_000, 10_000);
        }
        PercentileObserver forward = whole.emptyCopy();
        PercentileObserver backward = whole.emptyCopy();
        for (int i = 0; i < 3; i++) {
            forward.merge(parts[i]);
            backward.merge(parts[2 - i]);
        }
        assertThat(forward.histogram()).isEqualTo(whole.histogram()).isEqualTo(backward.histogram());
        assertThat(forward.range()).isEqualTo(whole.range()).isEqualTo(backward.range());
    }

    @Test
    void refusesBadConfigurations() {
        assertThatThrownBy(() -> new PercentileObserver(new Range(0, 1), 40)).isInstanceOf(IllegalArgumentException.class);
        PercentileObserver a = new PercentileObserver(new Range(0, 1), 99);
        assertThatThrownBy(() -> a.merge(new PercentileObserver(new Range(0, 2), 99)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(a::range).isInstanceOf(IllegalStateException.class);
    }
}
