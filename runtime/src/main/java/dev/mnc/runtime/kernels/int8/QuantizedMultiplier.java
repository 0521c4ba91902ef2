package dev.mnc.runtime.kernels.int8;

/**
 * A real multiplier m as TFLite's integer kernels hold it: a Q0.31 significand and a power-of-two
 * shift, m = multiplier * 2^(shift - 31). This is the one place mnc does fixed-point rescaling;
 * every int8 kernel goes through it.
 *
 * <h2>Sign convention</h2>
 * {@code shift > 0} scales up (a left shift applied before the multiply), {@code shift < 0} scales
 * down (a rounding right shift applied after it), as in TFLite's {@code QuantizeMultiplier}.
 * {@link #of} yields a {@code multiplier} in [2^30, 2^31) for a non-zero m, and 0 for m = 0 or for
 * m below 2^-31 (flushed to zero, as TFLite does rather than shift by more than 31). Other
 * non-negative significands are accepted for multipliers TFLite derives by integer arithmetic
 * (MEAN folds a division into one).
 *
 * <h2>Rounding</h2>
 * {@link #apply} is TFLite's default-build {@code MultiplyByQuantizedMultiplier}: the "double
 * rounding" variant, gemmlowp's {@code SaturatingRoundingDoublingHighMul} (the high 32 bits of
 * 2*x*M, ties toward +infinity) followed by {@code RoundingDivideByPOT} (ties away from zero). It
 * is what TFLite's reference kernels and its scalar optimized kernels use. {@link #applyHalfUp} is
 * the variant TFLite's int8 matrix products run on x86 (ruy's AVX2 kernels, and the NEON-style
 * vector paths): the same high multiply, then a right shift that rounds ties toward +infinity.
 * The two differ only when a negative value lands exactly halfway between two integers after the
 * shift. Each kernel says which one it uses.
 *
 * <h2>Overflow</h2>
 * {@code x * 2^shift} is computed in 32 bits and wraps, as TFLite's
 * ({@code TFLITE_NO_SANITIZE_INTEGER_OVERFLOW}) does; callers keep |x| * 2^shift below 2^31, which
 * TFLite's converters guarantee for real models (left shifts only occur for multipliers above 1).
 */
public record QuantizedMultiplier(int multiplier, int shift) {

    /** m = 0: every application gives 0. */
    public static final QuantizedMultiplier ZERO = new QuantizedMultiplier(0, 0);

    public QuantizedMultiplier {
        if (multiplier < 0) {
            throw new IllegalArgumentException("multiplier " + multiplier + " is negative");
        }
        if (shift < -31 || shift > 31) {
            throw new IllegalArgumentException("shift " + shift + " is outside [-31, 31]");
        }
    }

    /**
     * TFLite's {@code QuantizeMultiplier}: m = q * 2^e with q in [0.5, 1) ({@code frexp}), the
     * significand rounded half away from zero to 31 bits; a significand that rounds up to 2^31 is
     * halved with the shift raised by one; a shift below -31 flushes m to 0.
     *
     * @param real a finite, non-negative multiplier (scale ratios are positive)
     */
    public static QuantizedMultiplier of(double real) {
        if (!(real >= 0) || Double.isInfinite(real)) {
            throw new IllegalArgumentException("multiplier " + real + " is not a finite non-negative number");
        }
        if (real == 0) {
            return ZERO;
        }
        int e = frexpExponent(real);
        double q = Math.scalb(real, -e);
        long fixed = (long) Math.floor(q * (1L << 31) + 0.5);
        if (fixed == (1L << 31)) {
            fixed /= 2;
            e++;
        }
        if (e < -31) {
            return ZERO;
        }
        if (e > 31) {
            throw new IllegalArgumentException("multiplier " + real + " needs a left shift of " + e
                    + " bits, more than 31; the quantization scales are out of range");
        }
        return new QuantizedMultiplier((int) fixed, e);
    }

    /** The exponent {@code frexp} returns: the e with real = q * 2^e, q in [0.5, 1). */
    private static int frexpExponent(double real) {
        if (real < Double.MIN_NORMAL) {
            return Math.getExponent(real * 0x1p54) + 1 - 54;
        }
        return Math.getExponent(real) + 1;
    }

    /** The real value this multiplier stands for. */
    public double value() {
        return Math.scalb((double) multiplier, shift - 31);
    }

    /**
     * TFLite's default {@code MultiplyByQuantizedMultiplier(int32 x, M, shift)}:
     * RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x * 2^max(shift,0), M), max(-shift,0)).
     */
    public int apply(int x) {
        return multiply(x, multiplier, shift);
    }

    /** As {@link #apply}, but the final right shift rounds ties toward +infinity (ruy's x86 kernels). */
    public int applyHalfUp(int x) {
        return multiplyHalfUp(x, multiplier, shift);
    }

    /** {@link #apply} on raw fields, for kernels that keep per-channel multipliers in int arrays. */
    public static int multiply(int x, int multiplier, int shift) {
        int left = shift > 0 ? shift : 0;
        int right = shift > 0 ? 0 : -shift;
        return roundingDivideByPot(saturatingRoundingDoublingHighMul(x * (1 << left), multiplier), right);
    }

    /** {@link #applyHalfUp} on raw fields. */
    public static int multiplyHalfUp(int x, int multiplier, int shift) {
        int left = shift > 0 ? shift : 0;
        int right = shift > 0 ? 0 : -shift;
        return roundingShiftRightHalfUp(saturatingRoundingDoublingHighMul(x * (1 << left), multiplier), right);
    }

    /**
     * gemmlowp's {@code SaturatingRoundingDoublingHighMul}: the high 32 bits of 2*a*b, rounded to
     * nearest with ties toward +infinity (C++ division truncating a nudged product), saturating
     * the single overflow case a = b = -2^31 to 2^31 - 1.
     */
    public static int saturatingRoundingDoublingHighMul(int a, int b) {
        if (a == b && a == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        long ab = (long) a * b;
        long nudge = ab >= 0 ? (1L << 30) : (1 - (1L << 30));
        return (int) ((ab + nudge) / (1L << 31));
    }

    /** gemmlowp's {@code RoundingDivideByPOT}: x / 2^exponent rounded to nearest, ties away from zero. */
    public static int roundingDivideByPot(int x, int exponent) {
        int mask = (int) ((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /**
     * x / 2^exponent rounded to nearest with ties toward +infinity, as NEON's {@code vrshl} and
     * ruy's x86 kernels compute it: (x + 2^(exponent-1)) >> exponent in 64 bits, so the nudge
     * cannot overflow.
     */
    public static int roundingShiftRightHalfUp(int x, int exponent) {
        if (exponent == 0) {
            return x;
        }
        return (int) (((long) x + (1L << (exponent - 1))) >> exponent);
    }

    /**
     * TFLite's {@code TfLiteRound} (std::round) on a float: to nearest, ties away from zero. |x| + 0.5
     * is exact in double for every float, so floor of it is the answer.
     */
    public static float round(float x) {
        return Math.copySign((float) Math.floor(Math.abs(x) + 0.5), x);
    }

    /**
     * std::round on a double: to nearest, ties away from zero. Not floor(|x| + 0.5), which rounds
     * 0.49999999999999994 up (the sum rounds to 1.0); |x| - floor(|x|) is exact.
     */
    public static double round(double x) {
        double a = Math.abs(x);
        double r = Math.floor(a);
        if (a - r >= 0.5) {
            r += 1;
        }
        return Math.copySign(r, x);
    }

    @Override
    public String toString() {
        return multiplier + "*2^(" + shift + "-31)";
    }
}
