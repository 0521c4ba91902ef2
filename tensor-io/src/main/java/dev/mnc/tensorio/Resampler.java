package dev.mnc.tensorio;

/**
 * Image resizing.
 *
 * <p>{@link Filter#PIL_BILINEAR} reproduces PIL's {@code Image.resize(size, BILINEAR)}, which
 * torchvision's {@code Resize} calls on PIL images: a separable triangle filter whose support
 * widens by the downscale factor (so it antialiases), horizontal pass first, 8-bit rounding after
 * each pass, coefficients in fixed point with 22 fraction bits. For output pixel i with
 * scale = in/out: center = (i + 0.5) * scale, support = max(scale, 1), taps j from
 * floor(center - support + 0.5) to floor(center + support + 0.5) with weight
 * max(0, 1 - |(j + 0.5 - center) / max(scale, 1)|), normalized to sum 1.
 *
 * <p>{@link Filter#BILINEAR} is plain bilinear interpolation with half-pixel centers and no
 * antialiasing (TensorFlow 2's {@code tf.image.resize} default), computed in float.
 */
public final class Resampler {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    /** The resize filters offered on the command line. */
    public enum Filter {
        PIL_BILINEAR, BILINEAR, NEAREST
    }

    private Resampler() {}

    /** Resizes to width x height; the result is float so that filters that do not round keep full precision. */
    public static FloatImage resize(RgbImage in, int width, int height, Filter filter) {
        if (width == in.width() && height == in.height()) {
            return FloatImage.of(in);
        }
        return switch (filter) {
            case PIL_BILINEAR -> FloatImage.of(pilBilinear(in, width, height));
            case BILINEAR -> bilinear(in, width, height);
            case NEAREST -> FloatImage.of(nearest(in, width, height));
        };
    }

    private static RgbImage pilBilinear(RgbImage in, int width, int height) {
        RgbImage mid = in;
        if (width != in.width()) {
            mid = pass(in, width, true);
        }
        if (height != in.height()) {
            mid = pass(mid, height, false);
        }
        return mid;
    }

    /** One separable pass along x (horizontal) or y, with PIL's fixed-point coefficients. */
    private static RgbImage pass(RgbImage in, int outSize, boolean horizontal) {
        int inSize = horizontal ? in.width() : in.height();
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filterScale;
        int kSize = (int) Math.ceil(support) * 2 + 1;
        int[] bounds = new int[outSize * 2];
        int[] coeffs = new int[outSize * kSize];
        double[] k = new double[kSize];
        for (int i = 0; i < outSize; i++) {
            double center = (i + 0.5) * scale;
            int xmin = Math.max(0, (int) (center - support + 0.5));
            int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
            double sum = 0;
            for (int x = 0; x < xmax; x++) {
                double t = Math.abs((x + xmin - center + 0.5) / filterScale);
                k[x] = t < 1.0 ? 1.0 - t : 0.0;
                sum += k[x];
            }
            for (int x = 0; x < xmax; x++) {
                double w = sum != 0 ? k[x] / sum : k[x];
                coeffs[i * kSize + x] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
            }
            bounds[i * 2] = xmin;
            bounds[i * 2 + 1] = xmax;
        }
        int w = horizontal ? outSize : in.width();
        int h = horizontal ? in.height() : outSize;
        byte[] src = in.pixels();
        byte[] out = new byte[w * h * 3];
        int inW = in.width();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = horizontal ? x : y;
                int min = bounds[i * 2];
                int n = bounds[i * 2 + 1];
                int base = i * kSize;
                for (int c = 0; c < 3; c++) {
                    int acc = 1 << (PRECISION_BITS - 1);
                    for (int t = 0; t < n; t++) {
                        int sx = horizontal ? min + t : x;
                        int sy = horizontal ? y : min + t;
                        acc += (src[(sy * inW + sx) * 3 + c] & 0xff) * coeffs[base + t];
                    }
                    out[(y * w + x) * 3 + c] = clip8(acc);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private static byte clip8(int v) {
        if (v >= (255 << PRECISION_BITS)) {
            return (byte) 255;
        }
        if (v <= 0) {
            return 0;
        }
        return (byte) (v >> PRECISION_BITS);
    }

    private static FloatImage bilinear(RgbImage in, int width, int height) {
        double sx = (double) in.width() / width;
        double sy = (double) in.height() / height;
        float[] out = new float[width * height * 3];
        for (int y = 0; y < height; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, in.height() - 1);
            int y1 = Math.min(y0 + 1, in.height() - 1);
            double dy = fy - y0;
            for (int x = 0; x < width; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, in.width() - 1);
                int x1 = Math.min(x0 + 1, in.width() - 1);
                double dx = fx - x0;
                for (int c = 0; c < 3; c++) {
                    double top = in.get(x0, y0, c) * (1 - dx) + in.get(x1, y0, c) * dx;
                    double bottom = in.get(x0, y1, c) * (1 - dx) + in.get(x1, y1, c) * dx;
                    out[(y * width + x) * 3 + c] = (float) (top * (1 - dy) + bottom * dy);
                }
            }
        }
        return new FloatImage(width, height, out);
    }

    private static RgbImage nearest(RgbImage in, int width, int height) {
        byte[] out = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            int sy = Math.min(in.height() - 1, (int) ((y + 0.5) * in.height() / height));
            for (int x = 0; x < width; x++) {
                int sx = Math.min(in.width() - 1, (int) ((x + 0.5) * in.width() / width));
                System.arraycopy(in.pixels(), (sy * in.width() + sx) * 3, out, (y * width + x) * 3, 3);
            }
        }
        return new RgbImage(width, height, out);
    }
}
