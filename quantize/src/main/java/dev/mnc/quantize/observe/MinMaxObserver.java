package dev.mnc.quantize.observe;

/**
 * The smallest and largest value seen: the range TFLite's converter calibrates with. Merging takes
 * the minimum of the minima and the maximum of the maxima, which is exact and commutative.
 */
public final class MinMaxObserver extends ExtremesObserver {
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;

    /** Every batch counts, with or without a finite value. */
    @Override
    boolean accept(float lo, float hi) {
        min = lo < min ? lo : min;
        max = hi > max ? hi : max;
        return true;
    }

    @Override
    void fold(ExtremesObserver other) {
        MinMaxObserver o = (MinMaxObserver) other;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
    }

    @Override
    public MinMaxObserver emptyCopy() {
        return new MinMaxObserver();
    }

    /** True once a finite value has been seen. */
    public boolean hasValues() {
        return min <= max;
    }

    /** Smallest finite value seen. */
    public float min() {
        requireValues();
        return min;
    }

    /** Largest finite value seen. */
    public float max() {
        requireValues();
        return max;
    }

    @Override
    public Range range() {
        requireValues();
        return new Range(min, max);
    }

    private void requireValues() {
        if (!hasValues()) {
            throw new IllegalStateException("no finite value observed");
        }
    }

    @Override
    public int stateSize() {
        return 4;
    }
}
