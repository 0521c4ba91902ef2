package dev.mnc.quantize;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.quantize.observe.EntropyObserver;
import dev.mnc.quantize.observe.MinMaxObserver;
import dev.mnc.quantize.observe.MovingAverageMinMaxObserver;
import dev.mnc.quantize.observe.MseObserver;
import dev.mnc.quantize.observe.Observer;
import dev.mnc.quantize.observe.PercentileObserver;
import dev.mnc.quantize.observe.Range;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Observes the float graph's activations over the calibration data and chooses each one's range
 * with the configured {@link CalibrationMethod}.
 *
 * <p>Pass 1 runs every sample and keeps, per tensor, its min/max (moving averages for
 * {@link CalibrationMethod#EMA}); it also collects the mean inputs of the layers whose bias will
 * be corrected. The histogram methods then run pass 2: histograms over the pass-1 interval
 * (widened to contain 0), so that every sample counts into the same bins and merging is exact.
 * Each pass processes samples independently and folds them in sample order
 * ({@link SampleRunner}), so results do not depend on the number of threads.
 */
final class Calibration {
    /**
     * The chosen range of each observed tensor, the mean inputs of the layers asked for, and the
     * number of numeric state slots all merged statistics held (a function of the graph, not of
     * the number of samples).
     */
    record Result(Map<String, Range> ranges, Map<Node, InputMeans> inputMeans, long stateSize) {}

    private final List<Value> values;
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final Set<String> fullRange;
    private final List<Node> layers;
    /** Indices into {@code layers} of the layers reading each value. */
    private final Map<String, int[]> layersReading = new HashMap<>();
    private static final int[] NONE = new int[0];

    /**
     * @param values the float graph's values to choose ranges for (f32 activations and inputs)
     * @param fullRange values that keep their pass-1 range whatever the method (see {@link Quantizer})
     * @param layers conv2d and fully_connected layers whose mean inputs to collect
     */
    Calibration(List<Value> values, Set<Value> fullRange, List<Node> layers) {
        this.values = values;
        this.fullRange = new HashSet<>();
        for (Value v : fullRange) {
            this.fullRange.add(v.name());
        }
        for (Value v : values) {
            index.putIfAbsent(v.name(), index.size());
        }
        this.layers = layers;
        for (int j = 0; j < layers.size(); j++) {
            String in = layers.get(j).input(0).name();
            int[] old = layersReading.getOrDefault(in, NONE);
            int[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = j;
            layersReading.put(in, grown);
        }
    }

    /** One sample's (or the merged) statistics: an observer per value, mean inputs per layer. */
    private final class Stats {
        final Observer[] observers;
        final InputMeans[] means;

        Stats(Observer[] observers, InputMeans[] means) {
            this.observers = observers;
            this.means = means;
        }

        Stats emptyCopy() {
            Observer[] o = new Observer[observers.length];
            for (int k = 0; k < o.length; k++) {
                o[k] = observers[k].emptyCopy();
            }
            InputMeans[] m = new InputMeans[means.length];
            for (int k = 0; k < m.length; k++) {
                m[k] = means[k].emptyCopy();
            }
            return new Stats(o, m);
        }

        long stateSize() {
            long n = 0;
            for (Observer o : observers) {
                n += o.stateSize();
            }
            for (InputMeans m : means) {
                n += m.stateSize();
            }
            return n;
        }

        void merge(Stats s) {
            for (int k = 0; k < observers.length; k++) {
                observers[k].merge(s.observers[k]);
            }
            for (int k = 0; k < means.length; k++) {
                means[k].merge(s.means[k]);
            }
        }

        /** Runs one sample through the float model, observing every value and layer input of interest. */
        Stats sample(Map<String, dev.mnc.runtime.Tensor> feeds, SampleRunner.Worker w) {
            Stats s = emptyCopy();
            w.sessions.get(0).run(feeds, (name, view) -> {
                Integer k = index.get(name);
                if (k != null) {
                    s.observers[k].observe(view.floats(), view.offset(), view.size());
                }
                if (s.means.length > 0) {
                    for (int j : layersReading.getOrDefault(name, NONE)) {
                        s.means[j].add(view.floats(), view.offset(), view.shape()[0]);
                    }
                }
            });
            return s;
        }
    }

    /** Runs pass 1 (and pass 2 for histogram methods) and returns the ranges and mean inputs. */
    Result run(SampleRunner runner, QuantizeOptions options, CalibrationData data, ProgressListener progress) {
        Observer[] first = new Observer[index.size()];
        for (int k = 0; k < first.length; k++) {
            first[k] = options.method() == CalibrationMethod.EMA ? new MovingAverageMinMaxObserver()
                    : new MinMaxObserver();
        }
        InputMeans[] means = new InputMeans[layers.size()];
        for (int j = 0; j < means.length; j++) {
            means[j] = InputMeans.of(layers.get(j));
        }
        Stats pass1 = observe(runner, new Stats(first, means), data, "calibrate", progress);
        List<String> names = new ArrayList<>(index.keySet());
        for (int k = 0; k < names.size(); k++) {
            checkFinite(names.get(k), pass1.observers[k]);
        }
        Observer[] chosen = pass1.observers;
        long state = pass1.stateSize();
        if (options.method().needsHistogram()) {
            Observer[] hist = new Observer[chosen.length];
            for (int k = 0; k < hist.length; k++) {
                Range interval = chosen[k].range().withZero();
                hist[k] = switch (options.method()) {
                    case PERCENTILE -> new PercentileObserver(interval, options.percentile());
                    case ENTROPY -> new EntropyObserver(interval);
                    case MSE -> new MseObserver(interval);
                    default -> throw new IllegalStateException(options.method().text());
                };
            }
            Stats pass2 = observe(runner, new Stats(hist, new InputMeans[0]), data, "histogram", progress);
            chosen = pass2.observers;
            state += pass2.stateSize();
        }
        Map<String, Range> ranges = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            Observer o = fullRange.contains(names.get(k)) ? pass1.observers[k] : chosen[k];
            ranges.put(names.get(k), o.range());
        }
        Map<Node, InputMeans> byLayer = new LinkedHashMap<>();
        for (int j = 0; j < layers.size(); j++) {
            byLayer.put(layers.get(j), pass1.means[j]);
        }
        return new Result(ranges, byLayer, state);
    }

    private Stats observe(SampleRunner runner, Stats empty, CalibrationData data, String phase,
            ProgressListener progress) {
        Stats total = empty.emptyCopy();
        runner.run(data, phase, progress, (i, feeds, w) -> empty.sample(feeds, w), total::merge);
        return total;
    }

    private void checkFinite(String name, Observer o) {
        if (o.nonFinite() == 0 && o.batches() > 0) {
            return;
        }
        Value v = values.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        String where = v.producer() == null ? "graph input '" + name + "'"
                : "tensor '" + name + "' of " + v.producer().describe();
        if (o.batches() == 0) {
            throw new IllegalStateException(where + " was never observed during calibration");
        }
        throw new MncException(where + " took " + o.nonFinite() + " NaN or infinite values on the calibration data;"
                + " the float model overflows on these inputs: check their preprocessing");
    }
}
