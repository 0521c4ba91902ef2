package dev.mnc.quantize.observe;

/**
 * A closed interval [lo, hi] of real values: what an {@link Observer} chooses for a tensor, before
 * it is widened to include 0 and turned into a scale and zero point.
 */
public record Range(double lo, double hi) {

    public Range {
        if (!(lo <= hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
            throw new IllegalArgumentException("[" + lo + ", " + hi + "] is not a finite interval");
        }
    }

    /** The smallest interval holding this one and {@code o}. */
    public Range union(Range o) {
        return new Range(Math.min(lo, o.lo), Math.max(hi, o.hi));
    }

    /** This interval widened to contain 0, as every quantized activation range must. */
    public Range withZero() {
        return new Range(Math.min(lo, 0), Math.max(hi, 0));
    }

    public double width() {
        return hi - lo;
    }
}
