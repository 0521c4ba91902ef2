package dev.mnc.quantize.observe;

/**
 * A percentile of the values on each side: the range runs from the (100 - p)th to the pth
 * percentile, so that a fraction (100 - p)/100 of the values is clipped at each end (the
 * percentile calibrator of NVIDIA's TensorRT tooling clips |x| at one end; an asymmetric int8 range
 * has two ends, so both are cut). For a ReLU output the low percentile is 0.
 *
 * <p>Percentiles are read from a {@link Histogram} over a fixed interval, interpolating linearly
 * inside the bin where the cumulative count crosses the target; the error is at most one bin
 * (1/2048 of the interval). Merging adds histogram counts: exact and commutative.
 */
public final class PercentileObserver extends HistogramObserver {
    private final double percentile;

    /**
     * @param interval the fixed histogram interval, containing every value that will be observed
     * @param percentile p in (50, 100]; 99.99 keeps all but one value in ten thousand at each end
     */
    public PercentileObserver(Range interval, double percentile) {
        super(interval);
        if (!(percentile > 50 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (50, 100], got " + percentile);
        }
        this.percentile = percentile;
    }

    @Override
    public PercentileObserver emptyCopy() {
        return new PercentileObserver(histogram().interval(), percentile);
    }

    public double percentile() {
        return percentile;
    }

    @Override
    boolean sameSettings(HistogramObserver other) {
        return ((PercentileObserver) other).percentile == percentile;
    }

    @Override
    int settingsSize() {
        return 1;
    }

    @Override
    Range choose(Histogram histogram) {
        double f = percentile / 100;
        return new Range(quantile(1 - f), quantile(f));
    }

    /** The value below which a fraction {@code f} of the counted values lie. */
    double quantile(double f) {
        Histogram histogram = histogram();
        double target = f * histogram.total();
        long cum = 0;
        int last = 0;
        for (int b = 0; b < Histogram.BINS; b++) {
            long c = histogram.count(b);
            if (c == 0) {
                continue;
            }
            if (cum + c >= target) {
                double frac = Math.max(0, (target - cum) / c);
                return histogram.edge(b) + frac * histogram.binWidth();
            }
            cum += c;
            last = b;
        }
        return histogram.edge(last + 1);
    }
}
