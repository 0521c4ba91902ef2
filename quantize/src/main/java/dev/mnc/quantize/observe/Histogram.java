package dev.mnc.quantize.observe;

import java.util.Arrays;

/**
 * Integer counts of values in {@link #BINS} equal bins over a fixed interval [lo, hi], plus the
 * count of values exactly 0. The interval is fixed up front (from a first min/max pass), so two
 * histograms of the same interval merge exactly by adding counts, in any order.
 *
 * <p>Bin i holds values in [lo + i*w, lo + (i+1)*w) with w = (hi - lo) / BINS; the last bin also
 * holds hi. Values outside the interval are counted in the nearest end bin (the calibrator's
 * interval contains every value, so this only guards against rounding at the edges). A
 * zero-width interval puts everything in bin 0.
 */
public final class Histogram {
    /** Number of bins: TensorRT's histogram size for entropy calibration. */
    public static final int BINS = 2048;

    private final double lo;
    private final double hi;
    private final double width;
    private final long[] counts = new long[BINS];
    private long zeros;
    private long total;

    /** An empty histogram over [lo, hi]. */
    public Histogram(Range interval) {
        this.lo = interval.lo();
        this.hi = interval.hi();
        this.width = (hi - lo) / BINS;
    }

    /** Counts the finite values of {@code data[offset .. offset+length)}; returns how many were not finite. */
    long add(float[] data, int offset, int length) {
        long bad = 0;
        long z = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            float v = data[i];
            if (!Float.isFinite(v)) {
                bad++;
                continue;
            }
            counts[bin(v)]++;
            if (v == 0) {
                z++;
            }
        }
        zeros += z;
        total += length - bad;
        return bad;
    }

    private int bin(double v) {
        if (width == 0) {
            return 0;
        }
        int b = (int) Math.floor((v - lo) / width);
        return b < 0 ? 0 : b >= BINS ? BINS - 1 : b;
    }

    /** Adds {@code o}'s counts; both must cover the same interval. */
    void merge(Histogram o) {
        if (o.lo != lo || o.hi != hi) {
            throw new IllegalArgumentException("histograms over [" + lo + ", " + hi + "] and [" + o.lo + ", " + o.hi
                    + "] cannot be merged");
        }
        for (int i = 0; i < BINS; i++) {
            counts[i] += o.counts[i];
        }
        zeros += o.zeros;
        total += o.total;
    }

    /** The fixed interval. */
    public Range interval() {
        return new Range(lo, hi);
    }

    /** Width of one bin (0 for a zero-width interval). */
    public double binWidth() {
        return width;
    }

    /** Left edge of bin i (i may be {@link #BINS}: the interval's right end). */
    public double edge(int i) {
        return i == BINS ? hi : lo + i * width;
    }

    /** Count of bin i. */
    public long count(int i) {
        return counts[i];
    }

    /** Number of values counted. */
    public long total() {
        return total;
    }

    /** Number of values that were exactly 0 (also counted in their bin). */
    public long zeros() {
        return zeros;
    }

    /** The counts, copied. */
    public long[] counts() {
        return counts.clone();
    }

    /** Position of 0 in bin units, (0 - lo) / w, in [0, BINS] for an interval containing 0. */
    double zeroPosition() {
        return width == 0 ? 0 : Math.max(0, Math.min(BINS, -lo / width));
    }

    /** The bin that holds 0 (for an interval containing 0). */
    int zeroBin() {
        return bin(0);
    }

    /** Numeric state slots: the bins plus interval, zero and total counts. */
    static int stateSize() {
        return BINS + 5;
    }

    boolean sameInterval(Histogram o) {
        return o.lo == lo && o.hi == hi;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && sameInterval(h) && zeros == h.zeros && total == h.total
                && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }
}
