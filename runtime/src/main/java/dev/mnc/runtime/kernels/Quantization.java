package dev.mnc.runtime.kernels;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.kernels.int8.Int8Kernels;
import dev.mnc.runtime.kernels.int8.QuantizedMultiplier;

/**
 * Affine quantization at a model's float/integer boundary, real = scale * (q - zeroPoint), per
 * tensor or per slice of one axis (the tensor viewed as [outer, axis, inner]). Quantizing rounds
 * half away from zero, as TFLite's reference QUANTIZE does, then clamps to the integer type.
 */
public final class Quantization {
    private Quantization() {}

    /** q = clamp(round(x / scale) + zp) into i8, u8 or i16. */
    public static void quantize(float[] x, int xo, DType to, Object y, int yo, float[] scales, int[] zps, int axisLen,
            int inner, int n) {
        int lo = to == DType.U8 ? 0 : to == DType.I8 ? -128 : Short.MIN_VALUE;
        int hi = to == DType.U8 ? 255 : to == DType.I8 ? 127 : Short.MAX_VALUE;
        if (scales.length == 1 && to != DType.I16) {
            Int8Kernels.get().quantize(x, xo, (byte[]) y, yo, scales[0], zps[0], lo, hi, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            int s = scales.length == 1 ? 0 : (i / inner) % axisLen;
            int q = Math.max(lo, Math.min(hi, roundHalfAway(x[xo + i] / scales[s]) + zps[s]));
            if (to == DType.I16) {
                ((short[]) y)[yo + i] = (short) q;
            } else {
                ((byte[]) y)[yo + i] = (byte) q;
            }
        }
    }

    /**
     * The common case, a model's float input quantized per tensor to 8 bits (into [lo, hi]), as one
     * tight loop without the generic loop's per-element scale lookup and array-type test. Same
     * arithmetic, so the same bytes; {@link Int8Kernels#quantize} runs it or its vector twin.
     */
    public static void perTensorToBytes(float[] x, int xo, byte[] y, int yo, float scale, int zp, int lo, int hi,
            int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (byte) Math.max(lo, Math.min(hi, roundHalfAway(x[xo + i] / scale) + zp));
        }
    }

    /**
     * v rounded half away from zero ({@link QuantizedMultiplier#round}, TFLite's std::round) as an
     * int, limited to +-2^24 (far outside every integer type quantized to) so that adding a zero
     * point cannot overflow; NaN gives 0. Branch-free: the former floor(v + 0.5) / -floor(-v + 0.5)
     * gave the same values at 13 ns each, most of it mispredicted sign branches on real inputs.
     */
    static int roundHalfAway(float v) {
        return (int) Math.min(Math.max(QuantizedMultiplier.round(v), -0x1p24f), 0x1p24f);
    }

    /** x = scale * (q - zp) from i8, u8, i16 or i32. */
    public static void dequantize(DType from, Object q, int qo, float[] y, int yo, float[] scales, int[] zps,
            int axisLen, int inner, int n) {
        for (int i = 0; i < n; i++) {
            int s = scales.length == 1 ? 0 : (i / inner) % axisLen;
            y[yo + i] = scales[s] * (Cast.loadLong(from, q, qo + i) - zps[s]);
        }
    }
}
