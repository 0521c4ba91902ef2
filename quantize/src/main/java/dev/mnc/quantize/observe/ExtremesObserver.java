package dev.mnc.quantize.observe;

/**
 * An observer that sees each batch only through its smallest and largest finite values: what the
 * min/max and moving-average observers share. This class scans a batch once (leaving NaN and
 * infinities out, counted apart) and keeps the counters; a subclass folds each batch's extremes
 * into its own estimate ({@link #accept}) and another observer's estimate into its own
 * ({@link #fold}).
 */
public abstract sealed class ExtremesObserver implements Observer
        permits MinMaxObserver, MovingAverageMinMaxObserver {
    private long batches;
    private long nonFinite;

    ExtremesObserver() {}

    @Override
    public final void observe(float[] data, int offset, int length) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        long bad = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            float v = data[i];
            if (!Float.isFinite(v)) {
                bad++;
            } else {
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
        }
        nonFinite += bad;
        if (accept(lo, hi)) {
            batches++;
        }
    }

    /**
     * Folds in one batch's finite extremes (lo &gt; hi when it had no finite value); returns whether
     * the batch counts in {@link #batches()}.
     */
    abstract boolean accept(float lo, float hi);

    @Override
    public final void merge(Observer other) {
        if (other.getClass() != getClass()) {
            throw new IllegalArgumentException("cannot merge " + other.getClass().getSimpleName() + " into "
                    + getClass().getSimpleName());
        }
        ExtremesObserver o = (ExtremesObserver) other;
        nonFinite += o.nonFinite;
        fold(o);
        batches += o.batches;
    }

    /** Folds in {@code other}'s estimate (same class), before the batch counts are added up. */
    abstract void fold(ExtremesObserver other);

    @Override
    public final long batches() {
        return batches;
    }

    @Override
    public final long nonFinite() {
        return nonFinite;
    }
}
