package dev.mnc.quantize.observe;

/**
 * The range whose int8 quantization has the smallest expected squared error on the observed
 * values, found on a {@link Histogram}.
 *
 * <p>For a candidate window [lo, hi] ({@link Windows}, k = 64 .. 2048 bins) with step
 * d = (hi - lo) / 255, the error is estimated bin by bin from the bin's count n and centre c:
 * <ul>
 *   <li>outside the window, the value is clipped to the nearer end e: n * (c - e)^2;</li>
 *   <li>inside, rounding to the nearest of the 256 levels errs uniformly within a step:
 *       n * d^2 / 12, except for values exactly 0, which the zero point represents exactly.</li>
 * </ul>
 * The window with the smallest total wins (the smallest k among equals). Tight windows round
 * finely and clip much; wide ones the reverse; the minimum balances the two (the MSE criterion of
 * e.g. Banner et al., "Post training 4-bit quantization", 2019, on an empirical distribution).
 * Merging adds histogram counts: exact and commutative.
 */
public final class MseObserver extends HistogramObserver {
    /** Narrowest window searched, in bins: 1/32 of the observed interval. */
    static final int MIN_BINS = 64;
    private static final int STEPS = 255;

    /** @param interval the fixed histogram interval, containing every value that will be observed */
    public MseObserver(Range interval) {
        super(interval);
    }

    @Override
    public MseObserver emptyCopy() {
        return new MseObserver(histogram().interval());
    }

    @Override
    Range choose(Histogram histogram) {
        if (histogram.binWidth() == 0) {
            return histogram.interval();
        }
        long[] counts = histogram.counts();
        int zeroBin = histogram.zeroBin();
        int best = Histogram.BINS;
        double bestError = Double.POSITIVE_INFINITY;
        for (int k = MIN_BINS; k <= Histogram.BINS; k++) {
            double err = error(counts, zeroBin, Windows.of(histogram, k));
            if (err < bestError) {
                bestError = err;
                best = k;
            }
        }
        return Windows.range(histogram, Windows.of(histogram, best));
    }

    /** The estimated sum of squared errors of quantizing with one window (see the class comment). */
    double error(long[] counts, int zeroBin, int[] window) {
        Histogram histogram = histogram();
        int a = window[0];
        int b = window[1];
        double lo = histogram.edge(a);
        double hi = histogram.edge(b);
        double w = histogram.binWidth();
        double err = 0;
        for (int i = 0; i < a; i++) {
            double d = histogram.edge(i) + w / 2 - lo;
            err += counts[i] * d * d;
        }
        for (int i = b; i < Histogram.BINS; i++) {
            double d = histogram.edge(i) + w / 2 - hi;
            err += counts[i] * d * d;
        }
        long inside = 0;
        for (int i = a; i < b; i++) {
            inside += counts[i];
        }
        if (zeroBin >= a && zeroBin < b) {
            inside -= histogram.zeros();
        }
        double step = (hi - lo) / STEPS;
        return err + inside * step * step / 12;
    }
}
