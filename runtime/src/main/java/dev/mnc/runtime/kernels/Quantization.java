package dev.mnc.runtime.kernels;

import dev.mnc.runtime.DType;

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
        for (int i = 0; i < n; i++) {
            int s = scales.length == 1 ? 0 : (i / inner) % axisLen;
            float v = x[xo + i] / scales[s];
            long r = v >= 0 ? (long) Math.floor(v + 0.5) : -(long) Math.floor(-v + 0.5);
            int q = (int) Math.max(lo, Math.min(hi, r + zps[s]));
            if (to == DType.I16) {
                ((short[]) y)[yo + i] = (short) q;
            } else {
                ((byte[]) y)[yo + i] = (byte) q;
            }
        }
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
