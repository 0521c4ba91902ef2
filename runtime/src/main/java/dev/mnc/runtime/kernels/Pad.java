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

    /** Output rows over every axis but the innermost (1 for a vector; a scalar has none). */
    public static int rows(int[] outShape) {
        int rows = 1;
        for (int d = 0; d < outShape.length - 1; d++) {
            rows *= outShape[d];
        }
        return rows;
    }

    /**
     * The offset of the input row that output row {@code r} (counted over every axis but the
     * innermost, row-major) reads, or -1 when the row is all fill: some outer index falls in
     * constant padding, or the innermost input axis is empty. Dtype-independent, so that the
     * float and int8 kernels pad alike.
     */
    public static int sourceRow(int mode, int[] inShape, int[] begin, int[] outShape, int r) {
        int last = inShape.length - 1;
        if (inShape[last] == 0) {
            return -1;
        }
        int rem = r;
        int src = 0;
        int stride = inShape[last];
        for (int d = last - 1; d >= 0; d--) {
            int s = source(mode, rem % outShape[d] - begin[d], inShape[d]);
            rem /= outShape[d];
            if (s < 0) {
                return -1;
            }
            src += s * stride;
            stride *= inShape[d];
        }
        return src;
    }

    /**
     * @param inShape input shape; {@code begin} pads per axis; {@code outShape} padded shape;
     *     {@code col} from {@link #columns} for the innermost axis
     */
    public static void run(int mode, float value, int[] inShape, int[] begin, int[] outShape, int[] col, float[] x,
            int xOff, float[] y, int yOff) {
        if (inShape.length == 0) {
            y[yOff] = x[xOff];
            return;
        }
        int width = outShape[outShape.length - 1];
        for (int r = 0, rows = rows(outShape); r < rows; r++) {
            int src = sourceRow(mode, inShape, begin, outShape, r);
            int yo = yOff + r * width;
            if (src < 0) {
                java.util.Arrays.fill(y, yo, yo + width, value);
                continue;
            }
            src += xOff;
            for (int i = 0; i < width; i++) {
                int s = col[i];
                y[yo + i] = s < 0 ? value : x[src + s];
            }
        }
    }
}
