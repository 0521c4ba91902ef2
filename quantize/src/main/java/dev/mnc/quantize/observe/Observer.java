package dev.mnc.quantize.observe;

/**
 * Watches the values a tensor takes over the calibration data and chooses the range to quantize
 * it with. Observers stream: each keeps a fixed amount of state (see {@link #stateSize()}),
 * however many samples it sees, and never holds activations.
 *
 * <p>Observers merge: {@link #merge} folds in what another observer of the same kind and
 * configuration saw, as if its samples had come after this one's. For every observer except the
 * moving average, merging is exact and commutative (minima, maxima and integer histogram counts),
 * so a calibration split over threads, or over machines, gives the same range as one pass. The
 * moving average is by nature a function of sample order; the calibrator folds per-sample
 * observers in sample order, which makes it deterministic too.
 *
 * <p>NaN and infinite values are not part of any range; they are counted in {@link #nonFinite()}
 * so that the caller can refuse a model that overflows.
 */
public sealed interface Observer permits ExtremesObserver, HistogramObserver {

    /** Adds one batch of values: one calibration sample's tensor, {@code data[offset .. offset+length)}. */
    void observe(float[] data, int offset, int length);

    /**
     * Folds in {@code other}'s batches, taken to come after this observer's. {@code other} must be
     * of the same class and configuration; it is left unchanged.
     *
     * @throws IllegalArgumentException when the observers differ in kind or configuration
     */
    void merge(Observer other);

    /** An observer of the same kind and configuration that has seen nothing. */
    Observer emptyCopy();

    /** Number of batches observed (merged ones included). */
    long batches();

    /** Number of NaN or infinite values seen and left out. */
    long nonFinite();

    /**
     * The range chosen for quantization.
     *
     * @throws IllegalStateException when no finite value has been observed
     */
    Range range();

    /**
     * Number of numeric fields and array elements this observer holds: a constant of its kind and
     * configuration, the same after one sample or a million.
     */
    int stateSize();
}
