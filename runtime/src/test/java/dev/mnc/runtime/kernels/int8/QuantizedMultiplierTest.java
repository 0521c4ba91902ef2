package dev.mnc.runtime.kernels.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Worked values of TFLite's {@code QuantizeMultiplier} and {@code MultiplyByQuantizedMultiplier}
 * (quantization_util.cc, common.h), derived by hand from their documented algorithms: frexp, the
 * significand rounded half away from zero to Q0.31, 2^31 renormalized, shifts below -31 flushed to
 * zero; SaturatingRoundingDoublingHighMul rounding ties up, RoundingDivideByPOT ties away from
 * zero. Then {@link ConvParams}' branch-free requantization against both rounding variants.
 */
class QuantizedMultiplierTest {

    static void assertOf(double real, int multiplier, int shift) {
        assertThat(QuantizedMultiplier.of(real)).as("of(%s)", real)
                .isEqualTo(new QuantizedMultiplier(multiplier, shift));
    }

    @Test
    void quantizeMultiplierWorkedValues() {
        assertOf(0.5, 1 << 30, 0);
        assertOf(1.0, 1 << 30, 1);
        assertOf(0.75, 1610612736, 0);
        assertOf(3.0, 1610612736, 2);
        // 1/3 = 0.666.. * 2^-1; 0.666.. * 2^31 = 1431655765.33 rounds down.
        assertOf(1.0 / 3, 1431655765, -1);
        // 0.5 + 2^-32: q * 2^31 = 2^30 + 0.5, a tie, rounds away from zero.
        assertOf(0.5 + 0x1p-32, (1 << 30) + 1, 0);
        // 1 - 2^-31: q * 2^31 = 2^31 - 1 exactly, the largest significand.
        assertOf(1.0 - 0x1p-31, Integer.MAX_VALUE, 0);
    }

    @Test
    void significandsThatRoundUpTo2To31AreRenormalized() {
        // 1 - epsilon: q * 2^31 = 2^31 - 2^-22 rounds to 2^31, which becomes 2^30 with the shift raised.
        assertOf(Math.nextDown(1.0), 1 << 30, 1);
        // 1 - 2^-32: q * 2^31 = 2^31 - 0.5, a tie rounding up to 2^31.
        assertOf(1.0 - 0x1p-32, 1 << 30, 1);
        assertOf(Math.nextDown(0.5), 1 << 30, 0);
    }

    @Test
    void tinyMultipliersFlushToZero() {
        assertOf(0x1p-31, 1 << 30, -30);
        assertOf(0x1p-32, 1 << 30, -31);
        assertThat(QuantizedMultiplier.of(0x1p-33)).isEqualTo(QuantizedMultiplier.ZERO);
        assertThat(QuantizedMultiplier.of(Double.MIN_VALUE)).isEqualTo(QuantizedMultiplier.ZERO);
        assertThat(QuantizedMultiplier.of(0)).isEqualTo(QuantizedMultiplier.ZERO);
        assertThat(QuantizedMultiplier.ZERO.apply(Integer.MAX_VALUE)).isZero();
    }

    @Test
    void invalidMultipliersAreRefused() {
        assertThatThrownBy(() -> QuantizedMultiplier.of(-0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuantizedMultiplier.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuantizedMultiplier.of(0x1p40)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuantizedMultiplier(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuantizedMultiplier(1, -32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valueIsTheRealMultiplier() {
        assertThat(QuantizedMultiplier.of(0.75).value()).isEqualTo(0.75);
        assertThat(QuantizedMultiplier.of(3.0).value()).isEqualTo(3.0);
        assertThat(QuantizedMultiplier.of(1.0 / 3).value()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void saturatingRoundingDoublingHighMulWorkedValues() {
        // high 32 bits of 2ab, ties toward +infinity
        assertThat(QuantizedMultiplier.saturatingRoundingDoublingHighMul(1, 1 << 30)).isEqualTo(1); // 0.5
        assertThat(QuantizedMultiplier.saturatingRoundingDoublingHighMul(-1, 1 << 30)).isEqualTo(0); // -0.5
        assertThat(QuantizedMultiplier.saturatingRoundingDoublingHighMul(3, 1 << 30)).isEqualTo(2); // 1.5
        assertThat(QuantizedMultiplier.saturatingRoundingDoublingHighMul(-3, 1 << 30)).isEqualTo(-1); // -1.5
        assertThat(QuantizedMultiplier.saturatingRoundingDoublingHighMul(1 << 30, 1 << 30)).isEqualTo(1 << 29);
        assertThat(QuantizedMultiplier.saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MIN_VALUE))
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(QuantizedMultiplier.saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MAX_VALUE))
                .isEqualTo(Integer.MIN_VALUE + 1);
    }

    @Test
    void roundIsStdRoundOnFloatsAndDoubles() {
        assertThat(QuantizedMultiplier.round(2.5)).isEqualTo(3.0);
        assertThat(QuantizedMultiplier.round(-2.5)).isEqualTo(-3.0);
        assertThat(QuantizedMultiplier.round(0.49999999999999994)).isEqualTo(0.0);
        assertThat(QuantizedMultiplier.round(-0.49999999999999994)).isEqualTo(-0.0);
        assertThat(QuantizedMultiplier.round(Double.NaN)).isNaN();
        assertThat(QuantizedMultiplier.round(2.5f)).isEqualTo(3f);
        assertThat(QuantizedMultiplier.round(-2.5f)).isEqualTo(-3f);
        assertThat(QuantizedMultiplier.round(0.49999997f)).isEqualTo(0f);
        assertThat(QuantizedMultiplier.round(8388609.0f)).isEqualTo(8388609.0f);
    }

    @Test
    void roundingDivideByPotWorkedValues() {
        // ties away from zero
        assertThat(QuantizedMultiplier.roundingDivideByPot(3, 1)).isEqualTo(2);
        assertThat(QuantizedMultiplier.roundingDivideByPot(-3, 1)).isEqualTo(-2);
        assertThat(QuantizedMultiplier.roundingDivideByPot(5, 2)).isEqualTo(1);
        assertThat(QuantizedMultiplier.roundingDivideByPot(6, 2)).isEqualTo(2);
        assertThat(QuantizedMultiplier.roundingDivideByPot(-6, 2)).isEqualTo(-2);
        assertThat(QuantizedMultiplier.roundingDivideByPot(-7, 2)).isEqualTo(-2);
        assertThat(QuantizedMultiplier.roundingDivideByPot(7, 0)).isEqualTo(7);
        assertThat(QuantizedMultiplier.roundingDivideByPot(Integer.MIN_VALUE, 31)).isEqualTo(-1);
        assertThat(QuantizedMultiplier.roundingDivideByPot(Integer.MAX_VALUE, 31)).isEqualTo(1);
        // ties toward +infinity instead
        assertThat(QuantizedMultiplier.roundingShiftRightHalfUp(-3, 1)).isEqualTo(-1);
        assertThat(QuantizedMultiplier.roundingShiftRightHalfUp(3, 1)).isEqualTo(2);
        assertThat(QuantizedMultiplier.roundingShiftRightHalfUp(Integer.MAX_VALUE, 1)).isEqualTo(1 << 30);
    }

    @Test
    void multiplyByQuantizedMultiplierWorkedValues() {
        QuantizedMultiplier half = QuantizedMultiplier.of(0.5);
        assertThat(half.apply(5)).isEqualTo(3); // 2.5: the high multiply rounds the tie up
        assertThat(half.apply(-5)).isEqualTo(-2); // -2.5 likewise
        QuantizedMultiplier quarter = QuantizedMultiplier.of(0.25); // (2^30, -1)
        assertThat(quarter).isEqualTo(new QuantizedMultiplier(1 << 30, -1));
        assertThat(quarter.apply(6)).isEqualTo(2); // 1.5: the shift rounds away from zero
        assertThat(quarter.apply(-6)).isEqualTo(-2);
        assertThat(quarter.applyHalfUp(-6)).isEqualTo(-1); // ruy's x86 output stage rounds it up
        assertThat(quarter.applyHalfUp(6)).isEqualTo(2);
        QuantizedMultiplier three = QuantizedMultiplier.of(3.0); // left shift 2, then 0.75
        assertThat(three.apply(100)).isEqualTo(300);
        assertThat(three.apply(-7)).isEqualTo(-21);
        assertThat(QuantizedMultiplier.of(1.0).apply(Integer.MAX_VALUE / 2)).isEqualTo(Integer.MAX_VALUE / 2);
    }

    @Test
    void convParamsRequantizeMatchesBothRoundingVariants() {
        SplittableRandom r = new SplittableRandom(5);
        int channels = 40;
        int[] mult = new int[channels];
        int[] shift = new int[channels];
        for (int o = 0; o < channels; o++) {
            // Ratios from 2^-31 to 4: shifts -31..2, including the extremes.
            double real = o == 0 ? 0x1p-32 : o == 1 ? 3.999 : Math.scalb(0.5 + r.nextDouble() / 2, -r.nextInt(31));
            QuantizedMultiplier m = QuantizedMultiplier.of(real);
            mult[o] = m.multiplier();
            shift[o] = m.shift();
        }
        ConvParams p = new ConvParams(7, -5, mult, shift, -128, 127, channels / 2);
        int[] specials = {0, 1, -1, 2, -2, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 20, -(1 << 20), 3 << 10,
                -(3 << 10), (1 << 28) - 1, -(1 << 28)};
        int[] acc = new int[channels];
        byte[] y = new byte[channels];
        for (int trial = 0; trial < 20000; trial++) {
            for (int o = 0; o < channels; o++) {
                // Any int32, extremes included: both sides wrap the left shift alike, and the
                // rounding shift must not overflow near 2^31.
                acc[o] = trial < specials.length ? specials[trial] : r.nextInt(4) == 0 ? r.nextInt()
                        : r.nextInt(1 << 22) - (1 << 21);
            }
            p.store(acc, 0, channels, 0, y, 0);
            for (int o = 0; o < channels; o++) {
                int m = o < channels / 2 ? QuantizedMultiplier.multiplyHalfUp(acc[o], mult[o], shift[o])
                        : QuantizedMultiplier.multiply(acc[o], mult[o], shift[o]);
                int want = Math.min(Math.max(m - 5, -128), 127);
                assertThat(p.requantize(acc[o], o)).as("acc %d channel %d", acc[o], o).isEqualTo(want);
                assertThat(y[o]).as("acc %d channel %d", acc[o], o).isEqualTo((byte) want);
            }
        }
    }
}
