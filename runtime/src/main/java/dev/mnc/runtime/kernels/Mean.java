package dev.mnc.runtime.kernels;

/**
 * Mean over a set of axes. The input is viewed as [outer, reduced..., inner] after merging: for
 * NHWC global pooling (axes 1 and 2) that is [N, H*W, C], and the kernel adds H*W contiguous rows
 * of C into the output row, then scales by 1/(H*W). Any other axis set goes through the general
 * path, which accumulates each input element into its output slot in input order.
 */
public final class Mean {
    private Mean() {}

    /** Global mean over the middle of [outer, reduce, inner] (the axes are one contiguous block). */
    public static void contiguous(int outer, int reduce, int inner, float[] x, int xOff, float[] y, int yOff) {
        float inv = 1f / reduce;
        for (int o = 0; o < outer; o++) {
            int yo = yOff + o * inner;
            java.util.Arrays.fill(y, yo, yo + inner, 0f);
            int xo = xOff + o * reduce * inner;
            for (int r = 0; r < reduce; r++) {
                int xr = xo + r * inner;
                for (int i = 0; i < inner; i++) {
                    y[yo + i] += x[xr + i];
                }
            }
            for (int i = 0; i < inner; i++) {
                y[yo + i] *= inv;
            }
        }
    }

    /**
     * Output stride of each input axis: the product of the kept dims after it, 0 for a reduced
     * axis. Walking the input in order and adding these strides visits each element's output slot.
     */
    public static int[] outStrides(int[] shape, boolean[] reduced) {
        int[] os = new int[shape.length];
        for (int axis = 0; axis < shape.length; axis++) {
            if (!reduced[axis]) {
                int s = 1;
                for (int d = axis + 1; d < shape.length; d++) {
                    if (!reduced[d]) {
                        s *= shape[d];
                    }
                }
                os[axis] = s;
            }
        }
        return os;
    }

    /**
     * General mean: {@code shape} is the input shape, {@code os} its {@link #outStrides},
     * {@code count} the elements each output averages, {@code outSize} the element count of the
     * output; {@code idx} scratch of the rank.
     */
    public static void general(int[] shape, int[] os, long count, float[] x, int xOff, float[] y, int yOff,
            int outSize, int[] idx) {
        int rank = shape.length;
        java.util.Arrays.fill(y, yOff, yOff + outSize, 0f);
        java.util.Arrays.fill(idx, 0);
        int total = 1;
        for (int d : shape) {
            total *= d;
        }
        int yo = 0;
        for (int i = 0; i < total; i++) {
            y[yOff + yo] += x[xOff + i];
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                yo += os[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                yo -= os[d] * shape[d];
                idx[d] = 0;
            }
        }
        float inv = 1f / count;
        for (int i = 0; i < outSize; i++) {
            y[yOff + i] *= inv;
        }
    }
}
