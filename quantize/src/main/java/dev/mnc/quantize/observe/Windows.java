package dev.mnc.quantize.observe;

/**
 * The candidate ranges the entropy and MSE observers search: windows of whole bins that shrink
 * toward 0 in proportion to each side's extent.
 *
 * <p>With 0 at position z (in bins) in a histogram of {@code B} bins, the window keeping k bins is
 * [a, a + k) with a = round(z * (1 - k/B)): both ends move toward 0 by the same fraction of their
 * distance. For a non-negative tensor (a ReLU output, z = 0) this is TensorRT's search over
 * thresholds [0, k bins); for a tensor symmetric about 0 it clips both tails alike; in between it
 * keeps the zero point where calibration found it. One parameter (k) keeps the search linear in
 * the number of bins, which a free choice of both ends would make quadratic.
 */
final class Windows {
    private Windows() {}

    /** The window of {@code k} bins (1 &lt;= k &lt;= BINS) as {a, b}: bins a..b-1. */
    static int[] of(Histogram h, int k) {
        int bins = Histogram.BINS;
        double z = h.zeroPosition();
        int a = (int) Math.round(z * (1 - (double) k / bins));
        a = Math.max(0, Math.min(bins - k, a));
        return new int[] {a, a + k};
    }

    /** The real interval a window covers. */
    static Range range(Histogram h, int[] window) {
        return new Range(h.edge(window[0]), h.edge(window[1]));
    }
}
