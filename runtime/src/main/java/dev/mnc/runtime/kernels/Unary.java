package dev.mnc.runtime.kernels;

/**
 * Elementwise activations y[i] = f(x[i]) over [off, off+n). Each function is its own loop so that
 * the JIT sees one straight-line body per op (the simple ones vectorize). Safe in place.
 */
public final class Unary {
    private Unary() {}

    /** max(x, 0). */
    public static void relu(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.max(x[xo + i], 0f);
        }
    }

    /** min(max(x, lo), hi). */
    public static void clip(float[] x, int xo, float[] y, int yo, int n, float lo, float hi) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.min(Math.max(x[xo + i], lo), hi);
        }
    }

    /** 1 / (1 + exp(-x)), evaluated in double and rounded once. */
    public static void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) (1.0 / (1.0 + Math.exp(-x[xo + i])));
        }
    }

    /** max(0, min(1, alpha*x + beta)). */
    public static void hardSigmoid(float[] x, int xo, float[] y, int yo, int n, float alpha, float beta) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.max(0f, Math.min(1f, alpha * x[xo + i] + beta));
        }
    }

    /** x * min(max(x + 3, 0), 6) / 6. */
    public static void hardSwish(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            y[yo + i] = v * Math.min(Math.max(v + 3f, 0f), 6f) / 6f;
        }
    }

    /** x for x >= 0, alpha*x otherwise. */
    public static void leakyRelu(float[] x, int xo, float[] y, int yo, int n, float alpha) {
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            y[yo + i] = v >= 0f ? v : alpha * v;
        }
    }
}
