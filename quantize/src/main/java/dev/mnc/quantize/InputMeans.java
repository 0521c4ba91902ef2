package dev.mnc.quantize;

import dev.mnc.ir.Layout;
import dev.mnc.ir.Node;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.FullyConnected;

/**
 * The mean input each weight of a conv2d or fully_connected layer multiplies, over every output
 * position and calibration sample: for tap (ky, kx) and input channel c, the mean over outputs
 * (n, oy, ox) of x[n, oy*sy - pt + ky*dy, ox*sx - pl + kx*dx, c], padding read as 0. The expected
 * output of the layer is then linear in its weights: E[y_o] = b_o + sum over taps and channels of
 * w[o, tap, c] * mean[tap, c] (with the group's channels for grouped convs), which is what
 * {@link BiasCorrection} needs to predict the mean error of quantized weights.
 *
 * <p>Fixed memory: kh * kw * C sums and a count, whatever the number of samples. Merging adds
 * sums in the order the calibrator folds samples, so the result does not depend on threads.
 */
final class InputMeans {
    private final int kh;
    private final int kw;
    private final int channels;
    private final int[] strides;
    private final int[] dilations;
    private final int[] pads;
    private final int height;
    private final int width;
    private final int outHeight;
    private final int outWidth;
    private final double[] sums;
    private long positions;

    private InputMeans(int kh, int kw, int channels, int[] strides, int[] dilations, int[] pads, int height, int width,
            int outHeight, int outWidth) {
        this.kh = kh;
        this.kw = kw;
        this.channels = channels;
        this.strides = strides;
        this.dilations = dilations;
        this.pads = pads;
        this.height = height;
        this.width = width;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        this.sums = new double[kh * kw * channels];
    }

    /** Empty means for the input of {@code n}, an NHWC conv2d or a fully_connected. */
    static InputMeans of(Node n) {
        if (n.op() instanceof Conv2d c) {
            if (c.layout() != Layout.NHWC) {
                throw new IllegalStateException(n.describe() + " is not NHWC");
            }
            int[] x = n.input(0).shape().toIntArray();
            int[] w = n.input(1).shape().toIntArray();
            int[] y = n.output().shape().toIntArray();
            return new InputMeans(w[1], w[2], x[3], c.strides(), c.dilations(), c.pads(), x[1], x[2], y[1], y[2]);
        }
        if (n.op() instanceof FullyConnected) {
            int k = n.input(0).shape().intSize(1);
            return new InputMeans(1, 1, k, new int[] {1, 1}, new int[] {1, 1}, new int[4], 1, 1, 1, 1);
        }
        throw new IllegalArgumentException(n.describe() + " has no weights");
    }

    /** An empty copy with the same geometry. */
    InputMeans emptyCopy() {
        return new InputMeans(kh, kw, channels, strides, dilations, pads, height, width, outHeight, outWidth);
    }

    /** Adds one sample's input, NHWC (or [N, K]) at {@code data[offset ..]}, {@code batch} images. */
    void add(float[] data, int offset, int batch) {
        int plane = height * width * channels;
        for (int n = 0; n < batch; n++) {
            int base = offset + n * plane;
            for (int ky = 0; ky < kh; ky++) {
                int dy = ky * dilations[0] - pads[0];
                int oy0 = firstInside(dy, strides[0]);
                int oy1 = lastInside(dy, strides[0], height, outHeight);
                for (int kx = 0; kx < kw; kx++) {
                    int dx = kx * dilations[1] - pads[1];
                    int ox0 = firstInside(dx, strides[1]);
                    int ox1 = lastInside(dx, strides[1], width, outWidth);
                    int tap = (ky * kw + kx) * channels;
                    for (int oy = oy0; oy <= oy1; oy++) {
                        int row = base + (oy * strides[0] + dy) * width * channels;
                        for (int ox = ox0; ox <= ox1; ox++) {
                            int p = row + (ox * strides[1] + dx) * channels;
                            for (int c = 0; c < channels; c++) {
                                sums[tap + c] += data[p + c];
                            }
                        }
                    }
                }
            }
        }
        positions += (long) batch * outHeight * outWidth;
    }

    /** The first output index whose tap i = o*s + d is >= 0. */
    private static int firstInside(int d, int s) {
        return d >= 0 ? 0 : (-d + s - 1) / s;
    }

    /** The last output index (below {@code out}) whose tap i = o*s + d is < size. */
    private static int lastInside(int d, int s, int size, int out) {
        int last = size - 1 - d;
        return last < 0 ? -1 : Math.min(out - 1, last / s);
    }

    void merge(InputMeans o) {
        for (int i = 0; i < sums.length; i++) {
            sums[i] += o.sums[i];
        }
        positions += o.positions;
    }

    /** Mean input under tap {@code tap} (ky * kw + kx) in channel {@code c}. */
    double mean(int tap, int c) {
        return positions == 0 ? 0 : sums[tap * channels + c] / positions;
    }

    /** Numeric state slots: the sums and the position count. */
    int stateSize() {
        return sums.length + 1;
    }

    int taps() {
        return kh * kw;
    }
}
