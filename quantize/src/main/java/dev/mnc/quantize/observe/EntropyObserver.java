package dev.mnc.quantize.observe;

/**
 * The range whose int8 quantization loses the least information, by Kullback-Leibler divergence:
 * TensorRT's entropy calibration, adapted to asymmetric int8 ranges.
 *
 * <p>Values are counted in a {@link Histogram} of 2048 bins over a fixed interval. Each candidate
 * window of k bins (k = 256 .. 2048, shrinking toward 0 as {@link Windows} describes) is scored:
 * <ul>
 *   <li>P, the reference distribution: the window's counts, with the counts left of the window
 *       added to its first bin and those right of it to its last (clipping moves them there);</li>
 *   <li>Q, what 256 int8 levels can express: the window split into 256 runs of whole bins (run j
 *       holds bins floor(j*k/256) .. floor((j+1)*k/256) - 1), each run's count (without the
 *       clipped outliers) spread evenly over the run's bins where P is nonzero, 0 elsewhere;</li>
 *   <li>the score KL(P || Q) = sum_i P_i ln(P_i / Q_i) over bins with P_i &gt; 0, both normalized.
 *       A run holding only clipped outliers has no mass in Q; its bins get Q = 1e-4 * total / k
 *       before normalization (the smoothing that keeps the divergence finite).</li>
 * </ul>
 * The window with the smallest divergence wins (the smallest k among equals). Values exactly 0
 * are left out of P and Q: the zero point represents them exactly whatever the window, and the
 * spike a ReLU puts there would otherwise dominate the divergence and favour windows of one bin
 * per level (a quarter of the range for a typical ReLU6 output). TensorRT searches
 * |x| with 128 levels from 0 up; here the window keeps both signs and uses all 256 levels of the
 * asymmetric range, which for a non-negative tensor is the same search with twice the levels.
 *
 * <p>A divergence between sparse histograms measures sampling noise, not clipping: with fewer
 * than {@link #MIN_VALUES} nonzero values (16 per bin on average) the observer keeps the whole
 * interval, i.e. the min/max range. This happens for small tensors such as the per-channel
 * vectors of a squeeze-excite block, where the search would otherwise pick a tiny window.
 *
 * <p>Each candidate costs O(256), not O(k): per-bin sums of counts, of nonzero bins and of
 * c ln c are kept as prefix sums, and within a run Q is constant, so sum P ln Q over the run is
 * (run's P mass) times ln(run's Q value). Merging adds histogram counts: exact and commutative.
 */
public final class EntropyObserver extends HistogramObserver {
    /** int8 levels a range is split into. */
    static final int LEVELS = 256;
    /** Mass given to an empty Q run whose bins hold clipped outliers, as a fraction of total / k. */
    static final double SMOOTHING = 1e-4;
    /** Fewest nonzero values a histogram needs for the search; below it the range is the interval. */
    static final long MIN_VALUES = 16L * Histogram.BINS;

    /** @param interval the fixed histogram interval, containing every value that will be observed */
    public EntropyObserver(Range interval) {
        super(interval);
    }

    @Override
    public EntropyObserver emptyCopy() {
        return new EntropyObserver(histogram().interval());
    }

    @Override
    Range choose(Histogram histogram) {
        if (histogram.binWidth() == 0 || histogram.total() - histogram.zeros() < MIN_VALUES) {
            return histogram.interval();
        }
        Prefix p = new Prefix(histogram);
        int best = Histogram.BINS;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int k = LEVELS; k <= Histogram.BINS; k++) {
            double score = divergence(p, Windows.of(histogram, k));
            if (score < bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return Windows.range(histogram, Windows.of(histogram, best));
    }

    /** KL(P || Q) of one window of at least {@link #LEVELS} bins (see the class comment). */
    double divergence(Prefix pre, int[] window) {
        int a = window[0];
        int b = window[1];
        int k = b - a;
        long[] c = pre.counts;
        long total = pre.count[Histogram.BINS];
        long left = pre.count[a];
        long right = total - pre.count[b];
        // P: the window's counts with the outliers added to its end bins (distinct, as k >= 256).
        long first = c[a] + left;
        long last = c[b - 1] + right;
        double pLogP = pre.cLogC[b] - pre.cLogC[a] - xLogX(c[a]) + xLogX(first) - xLogX(c[b - 1]) + xLogX(last);
        double delta = SMOOTHING * total / k;
        double pLogQ = 0;
        double qMass = 0;
        for (int j = 0; j < LEVELS; j++) {
            int s = a + (int) ((long) j * k / LEVELS);
            int e = a + (int) ((long) (j + 1) * k / LEVELS);
            long runCount = pre.count[e] - pre.count[s];
            long runP = runCount;
            int nonzero = pre.nonzero[e] - pre.nonzero[s];
            if (j == 0) {
                runP += left;
                nonzero += c[a] == 0 && first > 0 ? 1 : 0;
            }
            if (j == LEVELS - 1) {
                runP += right;
                nonzero += c[b - 1] == 0 && last > 0 ? 1 : 0;
            }
            if (runP == 0) {
                continue;
            }
            if (runCount > 0) {
                pLogQ += runP * Math.log((double) runCount / nonzero);
                qMass += runCount;
            } else {
                pLogQ += runP * Math.log(delta);
                qMass += delta * nonzero;
            }
        }
        return pLogP / total - Math.log(total) - pLogQ / total + Math.log(qMass);
    }

    private static double xLogX(long x) {
        return x == 0 ? 0 : x * Math.log(x);
    }

    /** Prefix sums over the bins: counts, nonzero bins, c ln c. */
    static final class Prefix {
        final long[] counts;
        final long[] count = new long[Histogram.BINS + 1];
        final int[] nonzero = new int[Histogram.BINS + 1];
        final double[] cLogC = new double[Histogram.BINS + 1];

        Prefix(Histogram h) {
            counts = h.counts();
            if (h.zeros() > 0) {
                counts[h.zeroBin()] -= h.zeros();
            }
            for (int i = 0; i < Histogram.BINS; i++) {
                long v = counts[i];
                count[i + 1] = count[i] + v;
                nonzero[i + 1] = nonzero[i] + (v > 0 ? 1 : 0);
                cLogC[i + 1] = cLogC[i] + xLogX(v);
            }
        }
    }
}
