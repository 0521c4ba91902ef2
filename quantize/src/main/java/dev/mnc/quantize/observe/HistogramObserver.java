package dev.mnc.quantize.observe;

/**
 * An observer that counts values in a {@link Histogram} over a fixed interval and chooses its range
 * from the counts. What the percentile, entropy and MSE observers share lives here, so that they
 * stream and merge alike: observing adds to the histogram, merging adds another's counts (exact and
 * commutative), and the state is the histogram plus two counters whatever the number of samples.
 * A subclass keeps only its search ({@link #choose}) and its configuration beyond the interval.
 */
public abstract sealed class HistogramObserver implements Observer
        permits PercentileObserver, EntropyObserver, MseObserver {
    private final Histogram histogram;
    private long batches;
    private long nonFinite;

    /** @param interval the fixed histogram interval, containing every value that will be observed */
    HistogramObserver(Range interval) {
        this.histogram = new Histogram(interval);
    }

    @Override
    public final void observe(float[] data, int offset, int length) {
        nonFinite += histogram.add(data, offset, length);
        batches++;
    }

    /**
     * {@inheritDoc} The other observer must be of the same class, histogram interval and
     * {@link #sameSettings settings}.
     */
    @Override
    public final void merge(Observer other) {
        if (!(other instanceof HistogramObserver o) || o.getClass() != getClass()
                || !o.histogram.sameInterval(histogram) || !sameSettings(o)) {
            throw new IllegalArgumentException("cannot merge " + other.getClass().getSimpleName()
                    + " into a differently configured " + getClass().getSimpleName());
        }
        histogram.merge(o.histogram);
        batches += o.batches;
        nonFinite += o.nonFinite;
    }

    /** Whether {@code other}, of this class and interval, searches the same way (true unless a subclass has settings). */
    boolean sameSettings(HistogramObserver other) {
        return true;
    }

    /** The histogram observed so far (live, not a copy). */
    public final Histogram histogram() {
        return histogram;
    }

    @Override
    public final long batches() {
        return batches;
    }

    @Override
    public final long nonFinite() {
        return nonFinite;
    }

    @Override
    public final Range range() {
        if (histogram.total() == 0) {
            throw new IllegalStateException("no finite value observed");
        }
        return choose(histogram);
    }

    /** The range for a histogram holding at least one value. */
    abstract Range choose(Histogram h);

    /** The histogram, the two counters and {@link #settingsSize()} configuration fields. */
    @Override
    public final int stateSize() {
        return Histogram.stateSize() + 2 + settingsSize();
    }

    /** Numeric configuration fields a subclass holds besides the histogram (0 unless it has settings). */
    int settingsSize() {
        return 0;
    }
}
