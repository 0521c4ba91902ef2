package dev.mnc.runtime.kernels.int8;

/**
 * int8 mean over axes with requantization, the two ways TFLite's MEAN computes it (it picks by
 * the shape of the op, and so does the runtime's op builder):
 * <ul>
 *   <li>{@link #spatial}: a rank-4 input reduced over axes 1 and 2 with {@code keep_dims} (TFLite's
 *       optimized 4-D kernel). With n = H*W: M = s_x / (n s_y) computed in float,
 *       bias = Z_y - round(Z_x s_x / s_y) (float, ties away from zero), and
 *       y = clamp(M(sum q) + bias), the raw sum of the window's int8 values.</li>
 *   <li>{@link #general}: every other axis set (TFLite's reference {@code QuantizedMeanOrSum}).
 *       M = s_x / s_y is folded with 1/n: with k = min(floor(log2 n), 32, 31 + shift),
 *       M' = (M << k) / n (64-bit, truncated) and shift' = shift - k; then
 *       y = clamp(M'(sum q - Z_x n) + Z_y).</li>
 * </ul>
 * Sums of int8 values stay below 2^31 for reductions under 2^16 elements (checked at load).
 */
public final class MeanQ8 {
    private MeanQ8() {}

    /** Largest number of elements one output may average. */
    public static final int MAX_REDUCTION = 1 << 16;

    /** The spatial kernel's multiplier and bias (see the class comment). */
    public record Spatial(QuantizedMultiplier multiplier, int bias) {
        public static Spatial of(int count, float scaleX, int zpX, float scaleY, int zpY) {
            float real = scaleX / ((float) count * scaleY);
            int bias = zpY - (int) QuantizedMultiplier.round(zpX * scaleX / scaleY);
            return new Spatial(QuantizedMultiplier.of(real), bias);
        }
    }

    /** Mean over the middle of [outer, reduce, inner] for {@link Spatial} parameters. */
    public static void spatial(int outer, int reduce, int inner, Spatial sp, byte[] x, int xOff, byte[] y, int yOff,
            int[] acc) {
        int m = sp.multiplier().multiplier();
        int s = sp.multiplier().shift();
        int bias = sp.bias();
        for (int o = 0; o < outer; o++) {
            java.util.Arrays.fill(acc, 0, inner, 0);
            int xo = xOff + o * reduce * inner;
            for (int r = 0; r < reduce; r++) {
                int xr = xo + r * inner;
                for (int i = 0; i < inner; i++) {
                    acc[i] += x[xr + i];
                }
            }
            int yo = yOff + o * inner;
            for (int i = 0; i < inner; i++) {
                int v = QuantizedMultiplier.multiply(acc[i], m, s) + bias;
                y[yo + i] = (byte) Math.min(Math.max(v, -128), 127);
            }
        }
    }

    /** M = s_x / s_y with 1/count folded in, as {@code QuantizedMeanOrSum} does. */
    public static QuantizedMultiplier folded(QuantizedMultiplier m, long count) {
        int k = 63 - Long.numberOfLeadingZeros(count);
        k = Math.min(k, 32);
        k = Math.min(k, 31 + m.shift());
        long scaled = ((long) m.multiplier() << k) / count;
        return new QuantizedMultiplier((int) scaled, m.shift() - k);
    }

    /**
     * General mean: {@code shape} is the input shape, {@code os} its {@link dev.mnc.runtime.kernels.Mean#outStrides}, {@code outSize}
     * the element count of the output; {@code sums} scratch of outSize ints, {@code idx} of the rank.
     */
    public static void general(int[] shape, int[] os, QuantizedMultiplier folded, int zpX, int zpY, long count,
            byte[] x, int xOff, byte[] y, int yOff, int outSize, int[] sums, int[] idx) {
        int rank = shape.length;
        java.util.Arrays.fill(sums, 0, outSize, 0);
        java.util.Arrays.fill(idx, 0);
        int total = 1;
        for (int d : shape) {
            total *= d;
        }
        int yo = 0;
        for (int i = 0; i < total; i++) {
            sums[yo] += x[xOff + i];
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
        int m = folded.multiplier();
        int s = folded.shift();
        int zc = (int) (zpX * count);
        for (int i = 0; i < outSize; i++) {
            int v = QuantizedMultiplier.multiply(sums[i] - zc, m, s) + zpY;
            y[yOff + i] = (byte) Math.min(Math.max(v, -128), 127);
        }
    }
}
