package dev.mnc.runtime.kernels.int8;

/**
 * int8 softmax the way TFLite's built-in (optimized) SOFTMAX computes it for int8 input and output:
 * through a 256-entry float table of exponentials rather than gemmlowp's fixed-point exp.
 * <pre>
 *   table[255 - v] = expf(-s_x * beta * v)                        v = 0..255 (float arithmetic)
 *   e_j   = table[255 - max + q_j] = exp(-s_x beta (max - q_j))    max over the softmax axis
 *   sum   = e_0 + e_1 + ...                                         float, in axis order
 *   y_j   = clamp(round(e_j * (1 / (sum * s_y))) + Z_y)             round half away from zero
 * </pre>
 * With the int8 softmax's fixed output scale 1/256 and zero point -128 this is probabilities in
 * steps of 1/256. {@code exp} is the JDK's (correctly rounded to float in all but rare cases, like
 * glibc's {@code expf}).
 */
public final class SoftmaxQ8 {
    private SoftmaxQ8() {}

    /** The exponential table for an input scale and beta. */
    public static float[] table(float inputScale, float beta) {
        float scale = -inputScale * beta;
        float[] t = new float[256];
        for (int v = 0; v <= 255; v++) {
            t[255 - v] = (float) Math.exp(scale * v);
        }
        return t;
    }

    /**
     * Softmax along the middle axis of [outer, axisLen, inner].
     *
     * @param outputScale s_y; {@code outputZeroPoint} Z_y
     */
    public static void run(int outer, int axisLen, int inner, float[] table, float outputScale, int outputZeroPoint,
            byte[] x, int xOff, byte[] y, int yOff) {
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * axisLen * inner + in;
                int max = -128;
                for (int j = 0; j < axisLen; j++) {
                    max = Math.max(max, x[xOff + base + j * inner]);
                }
                int t0 = 255 - max;
                float sum = 0f;
                for (int j = 0; j < axisLen; j++) {
                    sum += table[t0 + x[xOff + base + j * inner]];
                }
                float inv = 1.0f / (sum * outputScale);
                for (int j = 0; j < axisLen; j++) {
                    float p = table[t0 + x[xOff + base + j * inner]] * inv;
                    int v = (int) QuantizedMultiplier.round(p) + outputZeroPoint;
                    y[yOff + base + j * inner] = (byte) Math.min(Math.max(v, -128), 127);
                }
            }
        }
    }
}
