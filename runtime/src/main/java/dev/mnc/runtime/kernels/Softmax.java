package dev.mnc.runtime.kernels;

/**
 * Softmax along one axis of a tensor viewed as [outer, axis, inner]: y = exp(x - max) / sum, with
 * the maximum subtracted first so that large logits cannot overflow. exp is evaluated in double and
 * the sum accumulated in double, then each result rounded once to float.
 */
public final class Softmax {
    private Softmax() {}

    public static void run(int outer, int axis, int inner, float[] x, int xOff, float[] y, int yOff) {
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * axis * inner + in;
                float max = Float.NEGATIVE_INFINITY;
                for (int a = 0; a < axis; a++) {
                    max = Math.max(max, x[xOff + base + a * inner]);
                }
                double sum = 0;
                for (int a = 0; a < axis; a++) {
                    double e = Math.exp(x[xOff + base + a * inner] - max);
                    y[yOff + base + a * inner] = (float) e;
                    sum += e;
                }
                double inv = 1.0 / sum;
                for (int a = 0; a < axis; a++) {
                    int i = yOff + base + a * inner;
                    y[i] = (float) (y[i] * inv);
                }
            }
        }
    }
}
