package dev.mnc.quantize.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MinMaxObserverTest {

    @Test
    void tracksExtremesAndCountsNonFiniteValuesApart() {
        MinMaxObserver o = new MinMaxObserver();
        o.observe(new float[] {9, 1.5f, -2f, Float.NaN, 3f, 9}, 1, 4);
        o.observe(new float[] {Float.POSITIVE_INFINITY, 0.25f}, 0, 2);
        assertThat(o.range()).isEqualTo(new Range(-2, 3));
        assertThat(o.nonFinite()).isEqualTo(2);
        assertThat(o.batches()).isEqualTo(2);
    }

    @Test
    void mergeIsExactAndCommutative() {
        float[] a = Samples.normal(1000, 1, 0, 1);
        float[] b = Samples.normal(1000, 2, 3, 2);
        MinMaxObserver ab = new MinMaxObserver();
        ab.observe(a, 0, a.length);
        MinMaxObserver ob = new MinMaxObserver();
        ob.observe(b, 0, b.length);
        MinMaxObserver ba = ob.emptyCopy();
        ba.merge(ob);
        ba.merge(ab);
        ab.merge(ob);
        MinMaxObserver all = new MinMaxObserver();
        all.observe(a, 0, a.length);
        all.observe(b, 0, b.length);
        assertThat(ab.range()).isEqualTo(ba.range()).isEqualTo(all.range());
        assertThat(ab.batches()).isEqualTo(2);
    }

    @Test
    void emptyObserverHasNoRange() {
        MinMaxObserver o = new MinMaxObserver();
        o.observe(new float[] {Float.NaN}, 0, 1);
        assertThat(o.hasValues()).isFalse();
        assertThatThrownBy(o::range).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> o.merge(new MovingAverageMinMaxObserver())).isInstanceOf(IllegalArgumentException.class);
    }
}
