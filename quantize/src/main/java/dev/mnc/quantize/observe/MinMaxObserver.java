package dev.mnc.quantize.observe;

/**
 * The smallest and largest value seen: the range TFLite's converter calibrates with. Merging takes
 * the minimum of the minima and the maximum of the maxima, which is exact and commutative.
 */
public final class MinMaxObserver implements Observer {
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private long batches;
    private long nonFinite;

    @Override
    public void observe(float[] data, int offset, int length) {
        float lo = min;
        float hi = max;
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
        min = lo;
        max = hi;
        nonFinite += bad;
        batches++;
    }

    @Override
    public void merge(Observer other) {
        if (!(other instanceof MinMaxObserver o)) {
            throw new IllegalArgumentException("cannot merge " + other.getClass().getSimpleName() + " into min/max");
        }
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        batches += o.batches;
        nonFinite += o.nonFinite;
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
    public long batches() {
        return batches;
    }

    @Override
    public long nonFinite() {
        return nonFinite;
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
