package dev.mnc.runtime.kernels;

/**
 * A fused activation as the clamp [lo, hi] applied to an op's result before it is stored: none is
 * (-inf, +inf), relu [0, +inf), relu6 [0, 6], relu_n1_to_1 [-1, 1].
 */
public record Activation(float lo, float hi) {
    public static final Activation NONE = new Activation(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);

    /** Clamps {@code x[off, off+n)} in place. */
    public void apply(float[] x, int off, int n) {
        if (lo == Float.NEGATIVE_INFINITY && hi == Float.POSITIVE_INFINITY) {
            return;
        }
        float l = lo;
        float h = hi;
        for (int i = off, e = off + n; i < e; i++) {
            x[i] = Math.min(Math.max(x[i], l), h);
        }
    }

    public boolean isNone() {
        return lo == Float.NEGATIVE_INFINITY && hi == Float.POSITIVE_INFINITY;
    }
}
