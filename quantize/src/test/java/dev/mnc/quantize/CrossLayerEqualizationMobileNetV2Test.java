package dev.mnc.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.passes.PassContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * What cross-layer equalization does to MobileNetV2's weights, data-free: with one scale per
 * tensor, the channels whose weights are much smaller than the tensor's largest keep only a few
 * int8 levels. Measured per output channel: the SQNR of each channel's weights under the tensor's
 * one scale, and for each conv its worst channel. Skips without ../shared.
 */
class CrossLayerEqualizationMobileNetV2Test {

    /** For every conv2d in graph order, the lowest SQNR (dB) of an output channel under per-tensor scaling. */
    private static List<Double> worstChannelSqnr(Graph g) {
        List<Double> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.op() instanceof Conv2d) {
                float[] w = n.input(1).data().floats();
                int channels = n.input(1).shape().intSize(0);
                float[] scales = AffineQuantization.weightScales(w, 1);
                float[] dq = AffineQuantization.dequantizeWeights(AffineQuantization.quantizeWeights(w, scales), scales);
                int per = w.length / channels;
                double worst = Double.POSITIVE_INFINITY;
                for (int c = 0; c < channels; c++) {
                    double s = 0;
                    double e = 0;
                    for (int i = c * per; i < (c + 1) * per; i++) {
                        s += (double) w[i] * w[i];
                        e += ((double) w[i] - dq[i]) * ((double) w[i] - dq[i]);
                    }
                    if (s > 0) {
                        worst = Math.min(worst, e == 0 ? 200 : 10 * Math.log10(s / e));
                    }
                }
                out.add(worst);
            }
        }
        return out;
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    @Test
    void equalizationLiftsTheWorstChannelsOfPerTensorWeights() {
        Graph g = ImageNetHarness.mobileNetV2();
        List<Double> before = worstChannelSqnr(g);
        new CrossLayerEqualization().run(g, PassContext.defaults());
        List<Double> after = worstChannelSqnr(g);
        System.out.printf(Locale.ROOT, "MobileNetV2, per-tensor weights, worst channel of each of %d convs: lowest"
                + " %.1f -> %.1f dB, mean %.1f -> %.1f dB%n", before.size(), min(before), min(after), mean(before),
                mean(after));
        assertThat(after).hasSameSizeAs(before);
        assertThat(mean(after)).isGreaterThan(mean(before) + 6);
        assertThat(min(after)).isGreaterThan(min(before));
    }
}
