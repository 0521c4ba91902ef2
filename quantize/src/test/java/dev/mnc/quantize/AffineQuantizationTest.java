package dev.mnc.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.QuantParams;
import dev.mnc.quantize.observe.Range;
import org.junit.jupiter.api.Test;

/**
 * Worked values of the TFLite int8 specification's arithmetic: real = scale * (q - zero_point),
 * weights symmetric in [-127, 127], int32 biases with scale input_scale * weight_scale.
 */
class AffineQuantizationTest {

    @Test
    void activationRangeIsWidenedToZeroAndZeroIsExact() {
        // [-1, 3]: scale 4/255; -128 - (-1)/(4/255) = -64.25 rounds to -64.
        QuantParams q = AffineQuantization.activation(new Range(-1, 3));
        assertThat(q.scale()).isEqualTo(4f / 255f);
        assertThat(q.zeroPoint()).isEqualTo(-64);
        // [2, 5] is widened to [0, 5]: zero at the bottom.
        assertThat(AffineQuantization.activation(new Range(2, 5))).isEqualTo(QuantParams.perTensor(5f / 255f, -128));
        // [-3, -1] is widened to [-3, 0]: zero at the top.
        assertThat(AffineQuantization.activation(new Range(-3, -1))).isEqualTo(QuantParams.perTensor(3f / 255f, 127));
        // ReLU6: [0, 6] in steps of 6/255.
        assertThat(AffineQuantization.activation(new Range(0, 6))).isEqualTo(QuantParams.perTensor(6f / 255f, -128));
    }

    @Test
    void zeroWidthActivationGetsTheScaleFloor() {
        QuantParams q = AffineQuantization.activation(new Range(0, 0));
        assertThat(q.scale()).isEqualTo(AffineQuantization.SCALE_FLOOR);
        assertThat(q.zeroPoint()).isEqualTo(-128);
    }

    @Test
    void representableRangeRunsFromMinus128To127() {
        Range r = AffineQuantization.representable(QuantParams.perTensor(0.5f, -10));
        assertThat(r).isEqualTo(new Range(-59, 68.5));
    }

    @Test
    void perChannelWeightsAreSymmetricAndRoundHalfAwayFromZero() {
        // Channel 0: max |w| = 1, scale 1/127; 0.5 * 127 = 63.5 -> 64, 0.25 * 127 = 31.75 -> 32.
        // Channel 1: -0.5 is the largest magnitude: scale 0.5/127; 0.125 -> 31.75 -> 32, -0.25 -> -63.5 -> -64.
        // Channel 2: all zero -> the scale floor, all q = 0.
        float[] w = {0.5f, -1f, 0.25f, 0.125f, -0.5f, -0.25f, 0f, 0f, 0f};
        float[] scales = AffineQuantization.weightScales(w, 3);
        assertThat(scales).containsExactly(1f / 127, 0.5f / 127, AffineQuantization.SCALE_FLOOR);
        byte[] q = AffineQuantization.quantizeWeights(w, scales);
        assertThat(q).containsExactly(64, -127, 32, 32, -127, -64, 0, 0, 0);
    }

    @Test
    void perTensorWeightsShareOneScale() {
        float[] w = {0.5f, -1f, 0.25f, 0.01f};
        float[] scales = AffineQuantization.weightScales(w, 1);
        assertThat(scales).containsExactly(1f / 127);
        assertThat(AffineQuantization.quantizeWeights(w, scales)).containsExactly(64, -127, 32, 1);
    }

    @Test
    void weightsBeyondTheScaleClampTo127NotMinus128() {
        byte[] q = AffineQuantization.quantizeWeights(new float[] {3f, -3f, 1f}, new float[] {0.01f});
        assertThat(q).containsExactly(127, -127, 100);
    }

    @Test
    void biasTakesInputScaleTimesWeightScale() {
        // input scale 0.5, weight scales 0.01 and 0.002: bias scales 0.005 and 0.001.
        float[] s = AffineQuantization.biasScales(0.5f, new float[] {0.01f, 0.002f});
        assertThat(s).containsExactly(0.5f * 0.01f, 0.5f * 0.002f);
        assertThat(AffineQuantization.quantizeBias(new float[] {1.0f, -0.3f}, s)).containsExactly(200, -300);
        // Half steps round away from zero: 2.5 and -2.5 steps.
        assertThat(AffineQuantization.quantizeBias(new float[] {0.625f, -0.625f}, new float[] {0.25f}))
                .containsExactly(3, -3);
    }

    @Test
    void biasBeyondInt32Clamps() {
        assertThat(AffineQuantization.quantizeBias(new float[] {1e10f, -1e10f}, new float[] {1f}))
                .containsExactly(Integer.MAX_VALUE, Integer.MIN_VALUE);
    }

    @Test
    void weightScaleTooSmallForItsBiasIsRaised() {
        // 1e6 / (1e-3 * 1e-3) = 1e12 > 2^31: the weight scale becomes 2 * 1e6 / (1e-3 * (2^31 - 1)).
        float[] scales = AffineQuantization.fitBias(new float[] {1e-3f, 1e-3f}, new float[] {1e6f, 0.1f}, 1e-3f);
        assertThat((double) scales[0]).isCloseTo(2e6 / (1e-3 * Integer.MAX_VALUE), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(scales[1]).isEqualTo(1e-3f);
        int[] q = AffineQuantization.quantizeBias(new float[] {1e6f}, AffineQuantization.biasScales(1e-3f,
                new float[] {scales[0]}));
        assertThat(Math.abs(q[0] - Integer.MAX_VALUE / 2)).isLessThan(300);
    }
}
