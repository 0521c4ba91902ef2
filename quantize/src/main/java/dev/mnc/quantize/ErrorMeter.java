package dev.mnc.quantize;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import dev.mnc.runtime.TensorView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures an int8 model's error on the calibration data through its {@link Simulation}s: for
 * every int8 value, the SQNR of the whole int8 model at that value ("model SQNR": the error
 * accumulated from the input) and of the one op that writes it ("layer SQNR": that op's own
 * contribution). Sample by sample, the layerwise graph runs first (it holds the float values and
 * the shadows), its float values are kept in the worker's scratch buffers, then the end-to-end
 * simulation runs and is compared as it goes. Sums are folded in sample order.
 */
final class ErrorMeter {
    /** Per float-graph value name: the model SQNR and the layer SQNR (absent where not measured). */
    record Errors(Map<String, Sqnr> model, Map<String, Sqnr> layer) {}

    private ErrorMeter() {}

    /**
     * @param runner runs the layerwise graph (session 0) and the end-to-end simulation (session 1)
     */
    static Errors measure(SampleRunner runner, Simulation.Result layerwise, Simulation.Result endToEnd,
            CalibrationData data, String phase, ProgressListener progress) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String f : endToEnd.compare().values()) {
            index.putIfAbsent(f, index.size());
        }
        for (String f : layerwise.compare().values()) {
            index.putIfAbsent(f, index.size());
        }
        int n = index.size();
        double[][] total = new double[3][n];
        runner.run(data, phase, progress, (i, feeds, w) -> {
            double[][] sums = new double[3][n];
            Map<String, float[]> scratch = w.scratch;
            Map<String, Integer> length = new LinkedHashMap<>();
            w.sessions.get(0).run(feeds, (name, view) -> {
                if (index.containsKey(name) || layerwise.compare().containsKey(name)) {
                    length.put(name, view.size());
                    view.copyTo(buffer(scratch, name, view), 0);
                }
            });
            for (var e : index.entrySet()) {
                float[] x = scratch.get(e.getKey());
                Integer len = length.get(e.getKey());
                if (x == null || len == null) {
                    continue;
                }
                double s = 0;
                for (int k = 0; k < len; k++) {
                    s += (double) x[k] * x[k];
                }
                sums[0][e.getValue()] = s;
            }
            for (var e : layerwise.compare().entrySet()) {
                int k = index.get(e.getValue());
                sums[2][k] = noise(scratch.get(e.getValue()), scratch.get(e.getKey()), 0, length.get(e.getKey()));
            }
            w.sessions.get(1).run(feeds, (name, view) -> {
                String f = endToEnd.compare().get(name);
                if (f != null) {
                    sums[1][index.get(f)] = noise(scratch.get(f), view.floats(), view.offset(), view.size());
                }
            });
            return sums;
        }, sums -> {
            for (int r = 0; r < 3; r++) {
                for (int k = 0; k < n; k++) {
                    total[r][k] += sums[r][k];
                }
            }
        });
        List<String> names = new ArrayList<>(index.keySet());
        Map<String, Sqnr> model = new LinkedHashMap<>();
        Map<String, Sqnr> layer = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            String name = names.get(k);
            if (endToEnd.compare().containsValue(name)) {
                model.put(name, new Sqnr(total[0][k], total[1][k]));
            }
            if (layerwise.compare().containsValue(name)) {
                layer.put(name, new Sqnr(total[0][k], total[2][k]));
            }
        }
        return new Errors(model, layer);
    }

    private static float[] buffer(Map<String, float[]> scratch, String name, TensorView view) {
        float[] b = scratch.get(name);
        if (b == null || b.length < view.size()) {
            b = new float[view.size()];
            scratch.put(name, b);
        }
        return b;
    }

    /** sum (x[k] - y[yOffset + k])^2 over {@code len} elements. */
    private static double noise(float[] x, float[] y, int yOffset, int len) {
        double s = 0;
        for (int k = 0; k < len; k++) {
            double d = (double) x[k] - y[yOffset + k];
            s += d * d;
        }
        return s;
    }
}
