package dev.mnc.prune;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Second moments of chosen tensors over calibration data: per tensor of C channels, the sum of
 * x x^T (C x C) and of x over sampled positions (pixels of an image, rows of a matrix), from which
 * the channel covariance follows. Positions are subsampled like recovery's ({@code samplesPerImage}
 * per image, seeded), so the cost and the C x C state do not grow with the number of images.
 */
final class InputStats {
    /** Moments of one tensor. */
    static final class Moments {
        final int channels;
        final double[] xx;
        final double[] sum;
        long count;

        Moments(int channels) {
            this.channels = channels;
            this.xx = new double[channels * channels];
            this.sum = new double[channels];
        }

        /** The covariance E[x x^T] - E[x] E[x]^T as a full matrix. */
        double[][] covariance() {
            double[][] c = new double[channels][channels];
            for (int i = 0; i < channels; i++) {
                double mi = sum[i] / count;
                for (int j = i; j < channels; j++) {
                    double v = xx[i * channels + j] / count - mi * (sum[j] / count);
                    c[i][j] = v;
                    c[j][i] = v;
                }
            }
            return c;
        }
    }

    private InputStats() {}

    static Map<String, Moments> measure(Graph g, List<String> values, CalibrationData data, int samplesPerImage,
            long seed, ProgressListener progress) {
        Map<String, Moments> out = new LinkedHashMap<>();
        if (values.isEmpty()) {
            return out;
        }
        int done = 0;
        double[] x = new double[0];
        try (TapRunner taps = new TapRunner(g, values)) {
            for (int i = 0; i < data.size(); i++) {
                Map<String, TensorData> sample = data.sample(i);
                SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + done);
                for (Map.Entry<String, TappedTensor> e : taps.run(sample).entrySet()) {
                    TappedTensor a = e.getValue();
                    Moments m = out.computeIfAbsent(e.getKey(), k -> new Moments(a.channels()));
                    if (x.length < a.channels()) {
                        x = new double[a.channels()];
                    }
                    int positions = a.height() * a.width();
                    for (int n = 0; n < a.batch(); n++) {
                        for (int pos : Sampling.positions(positions, samplesPerImage, rng)) {
                            for (int c = 0; c < a.channels(); c++) {
                                x[c] = a.at(n, c, pos / a.width(), pos % a.width());
                            }
                            add(m, x);
                        }
                    }
                }
                progress.progress("statistics", ++done, data.size());
            }
        }
        if (done == 0) {
            throw new MncException("the calibration data is empty; reconstruction importance needs samples");
        }
        return out;
    }

    private static void add(Moments m, double[] x) {
        int c = m.channels;
        for (int i = 0; i < c; i++) {
            double xi = x[i];
            m.sum[i] += xi;
            if (xi == 0) {
                continue;
            }
            int row = i * c;
            for (int j = i; j < c; j++) {
                m.xx[row + j] += xi * x[j];
            }
        }
        m.count++;
    }
}
