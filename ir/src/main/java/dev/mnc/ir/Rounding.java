package dev.mnc.ir;

/**
 * C++'s {@code std::round}, the rounding TFLite uses where it quantizes a value (its converter and
 * its QUANTIZE kernel) and where its resize kernels round a coordinate: to the nearest integer,
 * ties away from zero (2.5 to 3, -2.5 to -3; Java's {@link Math#round} takes -2.5 to -2 and
 * {@link Math#rint} 2.5 to 2). The compiler's modules share this one; the runtime, which depends
 * on nothing, has its twin in {@code QuantizedMultiplier.round}.
 */
public final class Rounding {
    private Rounding() {}

    /**
     * x rounded to the nearest integer, ties away from zero; NaN stays NaN. Not floor(|x| + 0.5):
     * for 0.49999999999999994 that sum rounds up to 1.0 in double; |x| - floor(|x|) is exact.
     */
    public static double halfAwayFromZero(double x) {
        double a = Math.abs(x);
        double r = Math.floor(a);
        if (a - r >= 0.5) {
            r += 1;
        }
        return Math.copySign(r, x);
    }
}
