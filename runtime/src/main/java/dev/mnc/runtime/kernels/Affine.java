package dev.mnc.runtime.kernels;

/**
 * Inference batch normalization as a per-channel affine map over a tensor viewed as
 * [outer, C, inner] (inner is 1 for NHWC): scale = gamma / sqrt(var + eps),
 * y = (x - mean) * scale + beta.
 */
public final class Affine {
    private Affine() {}

    /** Fills scale[c] = gamma[c] / sqrt(var[c] + eps), computed in double and rounded once. */
    public static void scales(int c, float eps, float[] gamma, int go, float[] var, int vo, float[] scale) {
        for (int i = 0; i < c; i++) {
            scale[i] = (float) (gamma[go + i] / Math.sqrt((double) var[vo + i] + eps));
        }
    }

    public static void run(int outer, int c, int inner, float[] x, int xOff, float[] scale, float[] mean, int mo,
            float[] beta, int bo, float[] y, int yOff) {
        for (int o = 0; o < outer; o++) {
            for (int ch = 0; ch < c; ch++) {
                float s = scale[ch];
                float m = mean[mo + ch];
                float b = beta[bo + ch];
                int base = (o * c + ch) * inner;
                for (int i = 0; i < inner; i++) {
                    y[yOff + base + i] = (x[xOff + base + i] - m) * s + b;
                }
            }
        }
    }

    /** The NHWC case (inner 1): channels innermost, so the loop over channels is contiguous. */
    public static void channelsLast(int rows, int c, float[] x, int xOff, float[] scale, float[] mean, int mo,
            float[] beta, int bo, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            int base = r * c;
            for (int ch = 0; ch < c; ch++) {
                y[yOff + base + ch] = (x[xOff + base + ch] - mean[mo + ch]) * scale[ch] + beta[bo + ch];
            }
        }
    }
}
