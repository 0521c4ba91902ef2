package dev.mnc.runtime.kernels.int8;

/**
 * TFLite's int8 HARD_SWISH, y = x * relu6(x + 3) / 6, in its 16-bit fixed-point algorithm
 * (reference {@code HardSwish<int8>}, which its optimized kernel reproduces), evaluated once per
 * possible input value into a {@link LookupTable}.
 *
 * <p>Constants, from the scales in float: hires = s_x / 128; the output multiplier
 * hires / s_y and the "reluish" multiplier hires / (3 / 32768) each go through
 * {@link QuantizedMultiplier#of} and are then narrowed to Q0.15 (rounded, saturating at 2^15 - 1).
 * Per value: v = (q - Z_x) * 2^7 (the input on the hi-res scale); the pre-shift output
 * o = SRDHM16(v, output multiplier); the reluish value r = v rescaled (with a saturating left shift
 * split around the multiply, or a rounding right shift) to [-1, 1] in Q0.15, then mapped to
 * [0, 1] as (r + 2^15) >> 1; y = RDBPOT16(SDHM16(r, o), -output exponent) + Z_y, clamped. SRDHM16
 * is gemmlowp's 16-bit rounding doubling high multiply, SDHM16 the truncating one (TFLite uses it
 * here deliberately, to cancel the rounding bias of the first).
 */
public final class HardSwishQ8 {
    private HardSwishQ8() {}

    /** The table for input (s_x, Z_x) and output (s_y, Z_y). */
    public static byte[] table(float scaleX, int zpX, float scaleY, int zpY) {
        float hires = (1.0f / 128.0f) * scaleX;
        float reluishScale = 3.0f / 32768.0f;
        QuantizedMultiplier out = QuantizedMultiplier.of(hires / scaleY);
        QuantizedMultiplier reluish = QuantizedMultiplier.of(hires / reluishScale);
        short outMul = toInt16(out.multiplier());
        short reluishMul = toInt16(reluish.multiplier());
        int outExp = out.shift();
        int reluishExp = reluish.shift();
        byte[] t = new byte[256];
        for (int q = -128; q <= 127; q++) {
            short input = (short) (q - zpX);
            short hiresValue = (short) (input * (1 << 7));
            short preshiftOut = srdhm16(hiresValue, outMul);
            short r = hiresValue;
            if (reluishExp > 0) {
                r = saturatingLeftShift16(r, reluishExp - 1);
            }
            r = srdhm16(r, reluishMul);
            if (reluishExp > 0) {
                r = saturatingLeftShift16(r, 1);
            }
            if (reluishExp < 0) {
                r = (short) QuantizedMultiplier.roundingDivideByPot(r, -reluishExp);
            }
            r = (short) ((r + (1 << 15)) >> 1);
            short preshift = sdhm16(r, preshiftOut);
            int v = QuantizedMultiplier.roundingDivideByPot(preshift, -outExp) + zpY;
            t[q & 0xff] = (byte) Math.max(Math.min(v, 127), -128);
        }
        return t;
    }

    /**
     * Whether TFLite accepts these scales: its kernel needs an output multiplier that scales down
     * (exponent <= 0).
     */
    public static boolean supported(float scaleX, float scaleY) {
        return QuantizedMultiplier.of(((1.0f / 128.0f) * scaleX) / scaleY).shift() <= 0;
    }

    /** A Q0.31 multiplier rounded to Q0.15, saturating just below 1 (TFLite's DownScaleInt32ToInt16Multiplier). */
    static short toInt16(int m) {
        int rounding = 1 << 15;
        if (m >= Integer.MAX_VALUE - rounding) {
            return Short.MAX_VALUE;
        }
        return (short) ((m + rounding) >> 16);
    }

    /** gemmlowp's 16-bit SaturatingRoundingDoublingHighMul. */
    static short srdhm16(short a, short b) {
        if (a == b && a == Short.MIN_VALUE) {
            return Short.MAX_VALUE;
        }
        int ab = a * b;
        int nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
        return (short) ((ab + nudge) / (1 << 15));
    }

    /** The truncating doubling high multiply (ARM's SQDMULH). */
    static short sdhm16(short a, short b) {
        if (a == b && a == Short.MIN_VALUE) {
            return Short.MAX_VALUE;
        }
        return (short) ((a * b) / (1 << 15));
    }

    static short saturatingLeftShift16(short v, int amount) {
        long r = (long) v * (1L << amount);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }
}
