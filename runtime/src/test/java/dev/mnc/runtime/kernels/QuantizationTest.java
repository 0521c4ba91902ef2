package dev.mnc.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.runtime.DType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Quantizing rounds half away from zero and clamps, as the straightforward
 * floor(v + 0.5) / -floor(-v + 0.5) formula does, on ties, huge values, NaN and infinities, per
 * tensor (its fast loop) as per channel.
 */
class QuantizationTest {

    /**
     * The reference: TFLite's std::round(x / scale) + zero point, clamped, in double so that
     * nothing overflows (the loop this replaced computed it in long and wrapped -infinity with a
     * negative zero point round to the top of the range); NaN quantizes to the zero point.
     */
    private static int reference(float x, float scale, int zp, int lo, int hi) {
        float v = x / scale;
        if (Float.isNaN(v)) {
            return Math.max(lo, Math.min(hi, zp));
        }
        double r = v >= 0 ? Math.floor(v + 0.5) : -Math.floor(-v + 0.5);
        return (int) Math.max(lo, Math.min(hi, r + zp));
    }

    @Test
    void roundsHalfAwayFromZero() {
        assertThat(Quantization.roundHalfAway(0.5f)).isEqualTo(1);
        assertThat(Quantization.roundHalfAway(-0.5f)).isEqualTo(-1);
        assertThat(Quantization.roundHalfAway(2.5f)).isEqualTo(3);
        assertThat(Quantization.roundHalfAway(-2.5f)).isEqualTo(-3);
        assertThat(Quantization.roundHalfAway(0.49999997f)).isEqualTo(0);
        assertThat(Quantization.roundHalfAway(-0.49999997f)).isEqualTo(0);
        assertThat(Quantization.roundHalfAway(-0.0f)).isEqualTo(0);
        assertThat(Quantization.roundHalfAway(Float.NaN)).isEqualTo(0);
        assertThat(Quantization.roundHalfAway(Float.POSITIVE_INFINITY)).isEqualTo(1 << 24);
        assertThat(Quantization.roundHalfAway(Float.NEGATIVE_INFINITY)).isEqualTo(-(1 << 24));
    }

    @Test
    void matchesTheReferenceFormulaForEveryTypeAndLayout() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 4096;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 8) {
                case 0 -> (float) rng.nextGaussian();
                case 1 -> (rng.nextInt(2001) - 1000) * 0.5f * 0.02f;
                case 2 -> (rng.nextInt(513) - 256) + 0.5f;
                case 3 -> (float) (rng.nextGaussian() * 1e9);
                case 4 -> Float.MIN_VALUE * (rng.nextBoolean() ? 1 : -1);
                case 5 -> new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE,
                        -Float.MAX_VALUE}[rng.nextInt(5)];
                default -> (float) (rng.nextGaussian() * 300);
            };
        }
        for (DType to : new DType[] {DType.I8, DType.U8, DType.I16}) {
            int lo = to == DType.U8 ? 0 : to == DType.I8 ? -128 : Short.MIN_VALUE;
            int hi = to == DType.U8 ? 255 : to == DType.I8 ? 127 : Short.MAX_VALUE;
            int zp = to == DType.U8 ? 128 : to == DType.I8 ? -3 : 0;
            Object y = to == DType.I16 ? new short[n] : new byte[n];
            // Per tensor, scale 1 (the halves are exact ties) and 0.02.
            for (float scale : new float[] {1f, 0.02f}) {
                Quantization.quantize(x, 0, to, y, 0, new float[] {scale}, new int[] {zp}, 1, 1, n);
                for (int i = 0; i < n; i++) {
                    assertThat(load(to, y, i)).as("%s %s scale %s", to, x[i], scale)
                            .isEqualTo(reference(x[i], scale, zp, lo, hi));
                }
            }
            // Per channel: 4 channels of 1024 along axis 0.
            float[] scales = {1f, 0.02f, 3f, 0.5f};
            int[] zps = {zp, zp, zp, zp};
            Quantization.quantize(x, 0, to, y, 0, scales, zps, 4, 1024, n);
            for (int i = 0; i < n; i++) {
                assertThat(load(to, y, i)).as("%s %s channel %d", to, x[i], i / 1024)
                        .isEqualTo(reference(x[i], scales[i / 1024], zp, lo, hi));
            }
        }
    }

    private static int load(DType t, Object y, int i) {
        return t == DType.I16 ? ((short[]) y)[i] : t == DType.U8 ? ((byte[]) y)[i] & 0xff : ((byte[]) y)[i];
    }
}
