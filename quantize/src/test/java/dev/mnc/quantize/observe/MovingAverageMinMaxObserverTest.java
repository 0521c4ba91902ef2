package dev.mnc.quantize.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MovingAverageMinMaxObserverTest {
    private static final double C = MovingAverageMinMaxObserver.AVERAGING_CONSTANT;

    @Test
    void firstBatchSetsTheAveragesAndLaterOnesMoveThemByTheConstant() {
        MovingAverageMinMaxObserver o = new MovingAverageMinMaxObserver();
        o.observe(new float[] {-1, 4}, 0, 2);
        assertThat(o.range()).isEqualTo(new Range(-1, 4));
        o.observe(new float[] {-3, 2, 10}, 0, 3);
        // m = m + c * (x - m): -1 + 0.01 * (-3 + 1), 4 + 0.01 * (10 - 4).
        assertThat(o.range().lo()).isCloseTo(-1.02, within(1e-12));
        assertThat(o.range().hi()).isCloseTo(4.06, within(1e-12));
    }

    @Test
    void mergingAppendsTheOtherSequenceAsIfObservedInOrder() {
        float[][] batches = new float[9][];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = Samples.normal(200, 10 + i, i * 0.1, 1 + i);
        }
        MovingAverageMinMaxObserver serial = new MovingAverageMinMaxObserver();
        for (float[] b : batches) {
            serial.observe(b, 0, b.length);
        }
        MovingAverageMinMaxObserver head = new MovingAverageMinMaxObserver();
        MovingAverageMinMaxObserver tail = new MovingAverageMinMaxObserver();
        for (int i = 0; i < batches.length; i++) {
            (i < 4 ? head : tail).observe(batches[i], 0, batches[i].length);
        }
        head.merge(tail);
        assertThat(head.batches()).isEqualTo(9);
        assertThat(head.range().lo()).isCloseTo(serial.range().lo(), within(1e-9));
        assertThat(head.range().hi()).isCloseTo(serial.range().hi(), within(1e-9));
        // The reference, written out: m_k = (1-c) m_{k-1} + c x_k from the first batch on.
        double lo = Samples.minMax(batches[0]).lo();
        for (int i = 1; i < batches.length; i++) {
            float min = Float.POSITIVE_INFINITY;
            for (float v : batches[i]) {
                min = Math.min(min, v);
            }
            lo = (1 - C) * lo + C * min;
        }
        assertThat(serial.range().lo()).isCloseTo(lo, within(1e-9));
    }

    @Test
    void mergingIntoAnEmptyObserverCopiesTheOther() {
        MovingAverageMinMaxObserver a = new MovingAverageMinMaxObserver();
        MovingAverageMinMaxObserver b = new MovingAverageMinMaxObserver();
        b.observe(new float[] {-2, 5}, 0, 2);
        b.observe(new float[] {-4, 7}, 0, 2);
        a.merge(b);
        assertThat(a.range()).isEqualTo(b.range());
        assertThat(a.stateSize()).isEqualTo(new MovingAverageMinMaxObserver().stateSize());
    }
}
