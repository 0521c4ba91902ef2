package dev.mnc.runtime.kernels.int8;

/**
 * Elementwise int8 (or uint8) functions of one input, tabulated: an 8-bit input has only 256
 * values, so any such function is exactly a table built once at load. Logistic, hard swish, clip
 * and requantization are built here with TFLite's own arithmetic for each entry
 * ({@link HardSwishQ8} holds the longest of them); applying a table is one load per element.
 * Tables are indexed by the input byte read unsigned ({@code q & 0xff}).
 */
public final class LookupTable {
    private LookupTable() {}

    /** y[i] = table[x[i] & 0xff] for i in [0, n). */
    public static void apply(byte[] table, byte[] x, int xOff, byte[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = table[x[xOff + i] & 0xff];
        }
    }

    /** Integer range [min, max] of an 8-bit type: int8 when signed, else uint8. */
    static int min(boolean signed) {
        return signed ? -128 : 0;
    }

    static int max(boolean signed) {
        return signed ? 127 : 255;
    }

    /**
     * TFLite's LOGISTIC for 8-bit types ({@code PopulateLookupTable}): in float,
     * y = clamp((int)(round((1 / (1 + exp(-s_x (q - Z_x)))) * (1 / s_y)) + Z_y)).
     */
    public static byte[] logistic(boolean signed, float scaleX, int zpX, float scaleY, int zpY) {
        byte[] t = new byte[256];
        float inverse = 1 / scaleY;
        for (int q = min(signed); q <= max(signed); q++) {
            float real = scaleX * (q - zpX);
            float f = 1.0f / (1.0f + (float) Math.exp(-real));
            float rescaled = QuantizedMultiplier.round(f * inverse);
            int v = (int) (rescaled + zpY);
            t[q & 0xff] = (byte) Math.max(Math.min(max(signed), v), min(signed));
        }
        return t;
    }

    /**
     * Requantization from one 8-bit quantization to another (TFLite's QUANTIZE between integer
     * types): y = clamp(M(q - Z_x) + Z_y) with M = s_x / s_y in double.
     */
    public static byte[] requantize(boolean signedX, float scaleX, int zpX, boolean signedY, float scaleY, int zpY) {
        QuantizedMultiplier m = QuantizedMultiplier.of((double) scaleX / (double) scaleY);
        byte[] t = new byte[256];
        for (int q = min(signedX); q <= max(signedX); q++) {
            int v = m.apply(q - zpX) + zpY;
            t[q & 0xff] = (byte) Math.min(Math.max(v, min(signedY)), max(signedY));
        }
        return t;
    }

    /**
     * TFLite's RELU, RELU6, RELU_N1_TO_1 and clamps on int8 ({@code QuantizedReluX}): the input is
     * requantized to the output's parameters, y = M(q - Z_x) + Z_y with M = s_x / s_y, and clamped
     * to [Z_y + round(lo / s_y), Z_y + round(hi / s_y)] intersected with [-128, 127] (an infinite
     * bound leaves the type's limit).
     */
    public static byte[] clip(float lo, float hi, float scaleX, int zpX, float scaleY, int zpY) {
        QuantizedMultiplier m = QuantizedMultiplier.of((double) scaleX / (double) scaleY);
        int qlo = lo == Float.NEGATIVE_INFINITY ? -128
                : (int) Math.max(-128, zpY + (double) QuantizedMultiplier.round(lo / scaleY));
        int qhi = hi == Float.POSITIVE_INFINITY ? 127
                : (int) Math.min(127, zpY + (double) QuantizedMultiplier.round(hi / scaleY));
        byte[] t = new byte[256];
        for (int q = -128; q <= 127; q++) {
            int v = m.apply(q - zpX) + zpY;
            t[q & 0xff] = (byte) Math.max(qlo, Math.min(qhi, v));
        }
        return t;
    }
}
