package dev.mnc.ir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundingTest {
    @Test
    void tiesGoAwayFromZero() {
        assertThat(Rounding.halfAwayFromZero(2.5)).isEqualTo(3.0);
        assertThat(Rounding.halfAwayFromZero(-2.5)).isEqualTo(-3.0);
        assertThat(Rounding.halfAwayFromZero(0.5)).isEqualTo(1.0);
        assertThat(Rounding.halfAwayFromZero(-0.5)).isEqualTo(-1.0);
    }

    @Test
    void otherValuesGoToTheNearest() {
        assertThat(Rounding.halfAwayFromZero(2.4999999)).isEqualTo(2.0);
        assertThat(Rounding.halfAwayFromZero(-2.5000001)).isEqualTo(-3.0);
        assertThat(Rounding.halfAwayFromZero(0.49999999999999994)).isEqualTo(0.0);
        assertThat(Rounding.halfAwayFromZero(1e300)).isEqualTo(1e300);
    }

    @Test
    void nanAndSignedZeroPassThrough() {
        assertThat(Rounding.halfAwayFromZero(Double.NaN)).isNaN();
        assertThat(1 / Rounding.halfAwayFromZero(-0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    }
}
