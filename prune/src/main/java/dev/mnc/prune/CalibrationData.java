package dev.mnc.prune;

import dev.mnc.ir.TensorData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The inputs pruning measures activations on: a numbered, re-readable list of samples, each one
 * model run's inputs keyed by graph input name, in the graph's own input dtype, shape and layout
 * (NCHW for an imported ONNX model; the caller preprocesses). The pruner reads the set several
 * times (statistics, then one pass per round of refits), so {@link #sample} must return the same
 * data each time. It is the same contract as the quantizer's calibration set, so one adapts to
 * the other with {@code CalibrationData.lazy(q.size(), q::sample)}.
 *
 * <p>{@link #lazy} makes each sample when it is needed (decoding an image, say), so memory does
 * not grow with the number of samples.
 */
public interface CalibrationData {

    /** Number of samples. */
    int size();

    /** Sample {@code index} (0-based, below {@link #size()}). */
    Map<String, TensorData> sample(int index);

    /** Samples held in memory. */
    static CalibrationData of(List<Map<String, TensorData>> samples) {
        List<Map<String, TensorData>> copy = List.copyOf(samples);
        return lazy(copy.size(), copy::get);
    }

    /** Samples made on demand by {@code loader} (e.g. decoding and preprocessing image {@code i}). */
    static CalibrationData lazy(int size, IntFunction<Map<String, TensorData>> loader) {
        Objects.requireNonNull(loader, "loader");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, got " + size);
        }
        return new CalibrationData() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Map<String, TensorData> sample(int index) {
                Objects.checkIndex(index, size);
                return loader.apply(index);
            }
        };
    }

    /**
     * At most {@code limit} samples chosen by a Fisher-Yates shuffle seeded with {@code seed},
     * kept in their original order, so the same set, limit and seed always give the same subset.
     * Returns this set when it has no more than {@code limit} samples.
     */
    default CalibrationData subset(int limit, long seed) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        int n = size();
        if (limit >= n) {
            return this;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] picked = Arrays.copyOf(order, limit);
        Arrays.sort(picked);
        List<Integer> indices = new ArrayList<>();
        for (int i : picked) {
            indices.add(i);
        }
        CalibrationData all = this;
        return lazy(limit, i -> all.sample(indices.get(i)));
    }
}
