package dev.mnc.passes;

import dev.mnc.ir.TensorData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The calibration set of the transformations that measure a graph on real inputs (int8
 * quantization, activation-based pruning and its least-squares recovery): a numbered, re-readable
 * list of samples, each a map from graph input name to a tensor already in that input's dtype,
 * shape and layout (the caller preprocesses and transposes). Users read the set several times (one
 * pass per phase) and, with more than one thread, read different samples concurrently, so
 * {@link #sample} must be safe to call from several threads and return the same data each time.
 *
 * <p>{@link #lazy} loads each sample when it is needed, so that a calibration set of thousands
 * of images never sits in memory at once. With {@code tensor-io}, a folder of images for a graph
 * whose input {@code input} is NHWC [1, 224, 224, 3]:
 * <pre>
 * List&lt;InputFolder.Entry&gt; files = InputFolder.list(dir);
 * Preprocessor p = new Preprocessor(Preprocessing.torchvision(), 224, 224, false);
 * CalibrationData data = CalibrationData.lazy(files.size(), i -&gt; Map.of("input", p.apply(files.get(i).path())));
 * </pre>
 */
public interface CalibrationData {

    /** Number of samples. */
    int size();

    /** Sample {@code index} (0-based, below {@link #size()}). */
    Map<String, TensorData> sample(int index);

    /** Samples held in memory. */
    static CalibrationData of(List<Map<String, TensorData>> samples) {
        List<Map<String, TensorData>> copy = List.copyOf(samples);
        return new CalibrationData() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public Map<String, TensorData> sample(int index) {
                return copy.get(index);
            }
        };
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
     * At most {@code limit} samples chosen by a shuffle seeded with {@code seed}, kept in their
     * original order: the same set, limit and seed always give the same subset. Returns this set
     * when it has no more than {@code limit} samples.
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
        CalibrationData all = this;
        List<Integer> indices = new ArrayList<>();
        for (int i : picked) {
            indices.add(i);
        }
        return lazy(limit, i -> all.sample(indices.get(i)));
    }
}
