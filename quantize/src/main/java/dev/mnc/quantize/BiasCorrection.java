package dev.mnc.quantize;

import dev.mnc.ir.Node;
import dev.mnc.ir.ops.Conv2d;

/**
 * Empirical bias correction (Nagel et al. 2019, "Data-Free Quantization Through Weight
 * Equalization and Bias Correction", section 4.2, with the expectation taken on calibration
 * data): quantizing weights W to W~ shifts each output's mean by
 * E[W~ x] - E[W x] = (W~ - W) E[x], and subtracting that shift from the bias removes the
 * systematic part of the weight error. Per output channel o,
 * <pre>
 *   b'_o = b_o - sum over taps t and the group's input channels i of (W~ - W)[o, t, i] * E[x_t,i]
 * </pre>
 * where E[x_t,i] is the mean input under tap t in channel i over all output positions
 * ({@link InputMeans}, which counts padding as 0, exactly as the convolution does). The
 * correction uses the float model's inputs: it removes the error of this layer's weights, not
 * that of the layers before it.
 */
final class BiasCorrection {
    private BiasCorrection() {}

    /**
     * The corrected bias of {@code n} (conv2d in NHWC, [O, kh, kw, I/group] weights, or
     * fully_connected, [O, K]).
     *
     * @param w the float weights
     * @param wq the weights the int8 model computes with (dequantized)
     * @param bias the float bias (zeros if the layer has none)
     */
    static float[] correct(Node n, float[] w, float[] wq, float[] bias, InputMeans means) {
        int out = bias.length;
        int group = n.op() instanceof Conv2d c ? c.group() : 1;
        int perOutput = w.length / out;
        int taps = means.taps();
        int inPerGroup = perOutput / taps;
        int outPerGroup = out / group;
        float[] corrected = new float[out];
        for (int o = 0; o < out; o++) {
            int firstChannel = (o / outPerGroup) * inPerGroup;
            double shift = 0;
            for (int t = 0; t < taps; t++) {
                for (int i = 0; i < inPerGroup; i++) {
                    int k = o * perOutput + t * inPerGroup + i;
                    shift += ((double) wq[k] - w[k]) * means.mean(t, firstChannel + i);
                }
            }
            corrected[o] = (float) (bias[o] - shift);
        }
        return corrected;
    }
}
