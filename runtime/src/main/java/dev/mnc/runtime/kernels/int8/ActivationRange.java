package dev.mnc.runtime.kernels.int8;

import dev.mnc.runtime.kernels.Activation;

/**
 * A fused activation's bounds in the quantized domain, as TFLite's
 * {@code CalculateActivationRangeQuantized} computes them: each finite real bound b becomes
 * Z + round(b / s) (float division, ties away from zero) and is intersected with the type's
 * range [qmin, qmax]; an infinite bound leaves the type's limit. Kernels clamp with max(v, min)
 * first and min(., max) second, as TFLite does, so a degenerate range (max < min) yields max.
 */
public record ActivationRange(int min, int max) {

    /** The quantized range of {@code act} for an output of scale {@code scale} and zero point {@code zeroPoint}. */
    public static ActivationRange of(Activation act, float scale, int zeroPoint, int qmin, int qmax) {
        int lo = qmin;
        int hi = qmax;
        if (act.lo() != Float.NEGATIVE_INFINITY) {
            lo = (int) Math.max(qmin, Math.min(qmax, zeroPoint + (double) QuantizedMultiplier.round(act.lo() / scale)));
        }
        if (act.hi() != Float.POSITIVE_INFINITY) {
            hi = (int) Math.max(qmin, Math.min(qmax, zeroPoint + (double) QuantizedMultiplier.round(act.hi() / scale)));
        }
        return new ActivationRange(lo, hi);
    }
}
