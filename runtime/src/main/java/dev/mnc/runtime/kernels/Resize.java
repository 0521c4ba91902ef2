package dev.mnc.runtime.kernels;

/**
 * Spatial resize of NHWC tensors, nearest or bilinear, with ONNX Resize's coordinate mappings.
 * Each output row and column is mapped back to input coordinates once, at load, into a
 * {@link Axis} table (source indices and, for bilinear, the weight of the second one); the
 * per-pixel loop then only copies or blends contiguous channel runs.
 *
 * <p>Coordinate modes, with s the scale and x the output index: half_pixel (x + 0.5)/s - 0.5;
 * asymmetric x/s; align_corners x*(in-1)/(out-1) (0 when out is 1); pytorch_half_pixel as
 * half_pixel but 0 when out is 1; tf_half_pixel_for_nn (x + 0.5)/s. Nearest rounds with the
 * nearest mode and clamps to the input; bilinear blends floor(c) and floor(c)+1, both clamped,
 * which equals clamping c to [0, in-1] first.
 */
public final class Resize {
    private Resize() {}

    /** Per output coordinate: first and second source index, and the second one's weight. */
    public record Axis(int[] i0, int[] i1, float[] w1) {}

    public static final int HALF_PIXEL = 0;
    public static final int ASYMMETRIC = 1;
    public static final int ALIGN_CORNERS = 2;
    public static final int PYTORCH_HALF_PIXEL = 3;
    public static final int TF_HALF_PIXEL_FOR_NN = 4;
    public static final int ROUND_PREFER_FLOOR = 0;
    public static final int ROUND_PREFER_CEIL = 1;
    public static final int FLOOR = 2;
    public static final int CEIL = 3;

    /** The input coordinate of output index x. */
    static float source(int coord, int x, int in, int out, float scale) {
        return switch (coord) {
            case HALF_PIXEL -> (x + 0.5f) / scale - 0.5f;
            case ASYMMETRIC -> x / scale;
            case ALIGN_CORNERS -> out == 1 ? 0f : x * (float) (in - 1) / (out - 1);
            case PYTORCH_HALF_PIXEL -> out > 1 ? (x + 0.5f) / scale - 0.5f : 0f;
            default -> (x + 0.5f) / scale;
        };
    }

    /** The mapping of one axis for nearest-neighbour sampling. */
    public static Axis nearest(int coord, int nearestMode, int in, int out, float scale) {
        int[] idx = new int[out];
        for (int x = 0; x < out; x++) {
            float c = source(coord, x, in, out, scale);
            double f = Math.floor(c);
            double frac = c - f;
            double r = switch (nearestMode) {
                case ROUND_PREFER_FLOOR -> frac == 0.5 ? f : Math.round((double) c);
                case ROUND_PREFER_CEIL -> frac == 0.5 ? f + 1 : Math.round((double) c);
                case FLOOR -> f;
                default -> Math.ceil(c);
            };
            idx[x] = (int) Math.max(0, Math.min(in - 1, r));
        }
        return new Axis(idx, idx, new float[out]);
    }

    /** The mapping of one axis for linear interpolation. */
    public static Axis linear(int coord, int in, int out, float scale) {
        int[] i0 = new int[out];
        int[] i1 = new int[out];
        float[] w = new float[out];
        for (int x = 0; x < out; x++) {
            float c = Math.max(0f, Math.min(in - 1, source(coord, x, in, out, scale)));
            int f = (int) Math.floor(c);
            i0[x] = f;
            i1[x] = Math.min(f + 1, in - 1);
            w[x] = c - f;
        }
        return new Axis(i0, i1, w);
    }

    /**
     * Nearest: copies channel runs. Rows [r0, r1) over batch and output height. Copying needs no
     * arithmetic, so one kernel serves every dtype: {@code x} and {@code y} are arrays of the same
     * element type (float[] for resize, byte[] for resize_q8).
     */
    public static void nearest(Axis ys, Axis xs, int inH, int inW, int c, int outH, int outW, Object x, int xOff,
            Object y, int yOff, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int n = r / outH;
            int oy = r % outH;
            int rowBase = xOff + (n * inH + ys.i0()[oy]) * inW * c;
            for (int ox = 0; ox < outW; ox++) {
                System.arraycopy(x, rowBase + xs.i0()[ox] * c, y, yOff + (r * outW + ox) * c, c);
            }
        }
    }

    /**
     * Bilinear: y = (1-wy)*((1-wx)*x00 + wx*x01) + wy*((1-wx)*x10 + wx*x11), blending channel runs.
     */
    public static void linear(Axis ys, Axis xs, int inH, int inW, int c, int outH, int outW, float[] x, int xOff,
            float[] y, int yOff, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int n = r / outH;
            int oy = r % outH;
            int row0 = xOff + (n * inH + ys.i0()[oy]) * inW * c;
            int row1 = xOff + (n * inH + ys.i1()[oy]) * inW * c;
            float wy = ys.w1()[oy];
            for (int ox = 0; ox < outW; ox++) {
                int a = xs.i0()[ox] * c;
                int b = xs.i1()[ox] * c;
                float wx = xs.w1()[ox];
                int yo = yOff + (r * outW + ox) * c;
                for (int i = 0; i < c; i++) {
                    float top = x[row0 + a + i] + wx * (x[row0 + b + i] - x[row0 + a + i]);
                    float bot = x[row1 + a + i] + wx * (x[row1 + b + i] - x[row1 + a + i]);
                    y[yo + i] = top + wy * (bot - top);
                }
            }
        }
    }
}
