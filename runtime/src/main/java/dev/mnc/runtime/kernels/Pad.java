package dev.mnc.runtime.kernels;

/**
 * Pads an f32 tensor on every axis. Constant mode fills with a value; reflect mirrors around the
 * edge without repeating it (index -1 reads 1); edge repeats the edge. Each output row of the
 * innermost axis maps to one input row (or, in constant mode, to none), and within the row a
 * precomputed source index per output column does the rest.
 */
public final class Pad {
    private Pad() {}

    public static final int CONSTANT = 0;
    public static final int REFLECT = 1;
    public static final int EDGE = 2;

    private static int stride(int[] shape, int axis) {
        int s = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            s *= shape[d];
        }
        return s;
    }

    /** Source index along an axis of length n for padded index i (i - begin), or -1 for constant fill. */
    public static int source(int mode, int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        return switch (mode) {
            case CONSTANT -> -1;
            case EDGE -> i < 0 ? 0 : n - 1;
            default -> {
                if (n == 1) {
                    yield 0;
                }
                int period = 2 * (n - 1);
                int m = Math.floorMod(i, period);
                yield m < n ? m : period - m;
            }
        };
    }

    /** The source column of each output column of the innermost axis (-1: fill), made once at load. */
    public static int[] columns(int mode, int begin, int in, int width) {
        int[] col = new int[width];
        for (int i = 0; i < width; i++) {
            col[i] = source(mode, i - begin, in);
        }
        return col;
    }

    /**
     * @param inShape input shape; {@code begin} pads per axis; {@code outShape} padded shape;
     *     {@code col} from {@link #columns} for the innermost axis
     */
    public static void run(int mode, float value, int[] inShape, int[] begin, int[] outShape, int[] col, float[] x,
            int xOff, float[] y, int yOff) {
        int rank = inShape.length;
        if (rank == 0) {
            y[yOff] = x[xOff];
            return;
        }
        int last = rank - 1;
        int width = outShape[last];
        int rows = 1;
        for (int d = 0; d < last; d++) {
            rows *= outShape[d];
        }
        for (int r = 0; r < rows; r++) {
            int rem = r;
            int src = xOff;
            boolean fill = false;
            for (int d = last - 1; d >= 0; d--) {
                int idx = rem % outShape[d];
                rem /= outShape[d];
                int s = source(mode, idx - begin[d], inShape[d]);
                if (s < 0) {
                    fill = true;
                } else {
                    src += s * stride(inShape, d);
                }
            }
            int yo = yOff + r * width;
            if (fill || inShape[last] == 0) {
                java.util.Arrays.fill(y, yo, yo + width, value);
                continue;
            }
            for (int i = 0; i < width; i++) {
                int s = col[i];
                y[yo + i] = s < 0 ? value : x[src + s];
            }
        }
    }
}
