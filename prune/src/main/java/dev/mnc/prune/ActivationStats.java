package dev.mnc.prune;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean |activation| per channel of chosen tensors over calibration data, measured on the native
 * runtime in one pass. State is one running sum per channel, whatever the number of images.
 */
final class ActivationStats {
    private ActivationStats() {}

    static Map<String, double[]> meanAbs(Graph g, List<String> values, CalibrationData data,
            ProgressListener progress) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, long[]> counts = new LinkedHashMap<>();
        if (values.isEmpty()) {
            return sums;
        }
        int total = data.size();
        int done = 0;
        try (TapRunner taps = new TapRunner(g, values)) {
            for (int i = 0; i < total; i++) {
                for (Map.Entry<String, TappedTensor> e : taps.run(data.sample(i)).entrySet()) {
                    TappedTensor a = e.getValue();
                    double[] s = sums.computeIfAbsent(e.getKey(), k -> new double[a.channels()]);
                    counts.computeIfAbsent(e.getKey(), k -> new long[1])[0] += a.positions();
                    accumulate(a, s);
                }
                progress.progress("activations", ++done, total);
            }
        }
        if (done == 0) {
            throw new MncException("the calibration data is empty; activation importance needs at least one sample");
        }
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double n = counts.get(e.getKey())[0];
            double[] s = e.getValue();
            for (int c = 0; c < s.length; c++) {
                s[c] /= n;
            }
        }
        return sums;
    }

    private static void accumulate(TappedTensor a, double[] sum) {
        float[] d = a.data();
        int c = a.channels();
        if (a.channelsLast()) {
            for (int i = 0; i < d.length; i++) {
                sum[i % c] += Math.abs(d[i]);
            }
        } else {
            int inner = a.height() * a.width();
            for (int i = 0; i < d.length; i++) {
                sum[(i / inner) % c] += Math.abs(d[i]);
            }
        }
    }
}
