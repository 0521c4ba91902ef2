package dev.mnc.quantize.observe;

/**
 * Exponential moving averages of each batch's minimum and maximum, as PyTorch's
 * {@code MovingAverageMinMaxObserver} keeps them: the first batch sets them, every later batch
 * moves them by {@link #AVERAGING_CONSTANT} c toward its own extremes,
 * m_k = m_{k-1} + c (x_k - m_{k-1}). Rare extreme batches then pull the range less than with
 * min/max.
 *
 * <p>Merge: if {@code other} saw batches x_1..x_n (its averages starting at x_1), appending them
 * to a sequence that ended at m gives m_n = other_n + (1-c)^n (m - x_1), which needs only other's
 * first batch extremes and count. The result depends on which observer's batches come first, as
 * any moving average does; the calibrator merges per-sample observers in sample order, so the
 * outcome does not depend on the number of threads.
 */
public final class MovingAverageMinMaxObserver extends ExtremesObserver {
    /** Weight of each new batch: PyTorch's default averaging constant. */
    public static final double AVERAGING_CONSTANT = 0.01;

    private double min;
    private double max;
    private double firstMin;
    private double firstMax;

    /** Only batches with a finite value count: the first of them sets the averages. */
    @Override
    boolean accept(float lo, float hi) {
        if (lo > hi) {
            return false;
        }
        if (batches() == 0) {
            min = lo;
            max = hi;
            firstMin = lo;
            firstMax = hi;
        } else {
            min += AVERAGING_CONSTANT * (lo - min);
            max += AVERAGING_CONSTANT * (hi - max);
        }
        return true;
    }

    @Override
    void fold(ExtremesObserver other) {
        MovingAverageMinMaxObserver o = (MovingAverageMinMaxObserver) other;
        if (o.batches() == 0) {
            return;
        }
        if (batches() == 0) {
            min = o.min;
            max = o.max;
            firstMin = o.firstMin;
            firstMax = o.firstMax;
        } else {
            double decay = Math.pow(1 - AVERAGING_CONSTANT, o.batches());
            min = o.min + decay * (min - o.firstMin);
            max = o.max + decay * (max - o.firstMax);
        }
    }

    @Override
    public MovingAverageMinMaxObserver emptyCopy() {
        return new MovingAverageMinMaxObserver();
    }

    @Override
    public Range range() {
        if (batches() == 0) {
            throw new IllegalStateException("no finite value observed");
        }
        return new Range(min, max);
    }

    @Override
    public int stateSize() {
        return 6;
    }
}
