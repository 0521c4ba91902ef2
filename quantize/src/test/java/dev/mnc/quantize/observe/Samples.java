package dev.mnc.quantize.observe;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Test data for the observers: seeded distributions shaped like activations. */
final class Samples {
    private Samples() {}

    /** Normal(mean, sd) values. */
    static float[] normal(int n, long seed, double mean, double sd) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (mean + sd * gaussian(r));
        }
        return out;
    }

    /** max(0, Normal(0.5, 1)): a ReLU output, about a third of it exactly 0, with a few large outliers. */
    static float[] relu(int n, long seed) {
        float[] out = normal(n, seed, 0.5, 1);
        for (int i = 0; i < n; i++) {
            out[i] = Math.max(0, out[i]);
        }
        for (int i = 0; i < n; i += 5000) {
            out[i] = 12f + i % 7;
        }
        return out;
    }

    /** Normal(0, 1) with a handful of outliers at +-20. */
    static float[] withOutliers(int n, long seed) {
        float[] out = normal(n, seed, 0, 1);
        for (int i = 0; i < n; i += 4000) {
            out[i] = i % 8000 == 0 ? 20f : -20f;
        }
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** The exact f-quantile of data (nearest rank on the sorted values). */
    static double exactQuantile(float[] data, double f) {
        float[] s = data.clone();
        Arrays.sort(s);
        int i = (int) Math.min(s.length - 1, Math.max(0, Math.ceil(f * s.length) - 1));
        return s[i];
    }

    static Range minMax(float[] data) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : data) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new Range(lo, hi).withZero();
    }

    /** data[from, to) as a new array. */
    static float[] slice(float[] data, int from, int to) {
        return Arrays.copyOfRange(data, from, to);
    }
}
