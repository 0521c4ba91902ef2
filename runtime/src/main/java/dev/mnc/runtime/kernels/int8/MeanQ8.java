package dev.mnc.runtime.kernels.int8;

/**
 * int8 mean over axes with requantization, the two ways TFLite's MEAN computes it (it picks by
 * the shape of the op, and so does the runtime's op builder):
 * <ul>
 *   <li>{@link #spatial}: a rank-4 input reduced over axes 1 and 2 with {@code keep_dims}, TFLite's
 *       optimized 4-D kernel, which works in float: with n = H*W, scale = s_x / s_y and
 *       bias = 0.5 - Z_x * scale, y = (int8) round(sum / n * scale + bias) + Z_y (ties away from
 *       zero, the result truncated to 8 bits without clamping, as TFLite does; scale and bias are
 *       left out when input and output quantization are equal). Note the extra half in the bias:
 *       TFLite's kernel has it, so this kernel has it. TFLite 2.21 on x86 agrees with this formula
 *       except for sums whose scaled mean lies within about 0.03 of a rounding tie, where it lands
 *       one LSB the other way (a few percent of the elements on random data).</li>
 *   <li>{@link #general}: every other axis set (TFLite's reference {@code QuantizedMeanOrSum}).
 *       M = s_x / s_y is folded with 1/n: with k = min(floor(log2 n), 32, 31 + shift),
 *       M' = (M << k) / n (64-bit, truncated) and shift' = shift - k; then
 *       y = clamp(M'(sum q - Z_x n) + Z_y).</li>
 * </ul>
 * Sums of int8 values stay below 2^31, and exact in float, for reductions under 2^16 elements
 * (checked at load).
 */
public final class MeanQ8 {
    private MeanQ8() {}

    /** Largest number of elements one output may average. */
    public static final int MAX_REDUCTION = 1 << 16;

    /** The spatial kernel's float constants (see the class comment). */
    public record Spatial(boolean ordinary, float scale, float bias, int zeroPointY) {
        public static Spatial of(float scaleX, int zpX, float scaleY, int zpY) {
            boolean ordinary = zpX == zpY && scaleX == scaleY;
            float scale = ordinary ? 0f : scaleX / scaleY;
            float bias = ordinary ? 0f : (float) (-zpX * scale + 0.5);
            return new Spatial(ordinary, scale, bias, zpY);
        }
    }

    /** Mean over the middle of [outer, reduce, inner] for {@link Spatial} parameters. */
    public static void spatial(int outer, int reduce, int inner, Spatial sp, byte[] x, int xOff, byte[] y, int yOff,
            int[] acc) {
        float n = reduce;
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
                float t = acc[i] / n;
                if (sp.ordinary()) {
                    y[yo + i] = (byte) (int) QuantizedMultiplier.round(t);
                } else {
                    y[yo + i] = (byte) ((byte) (int) QuantizedMultiplier.round(t * sp.scale() + sp.bias())
                            + sp.zeroPointY());
                }
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

    /** Output stride of each input axis: the product of the kept dims after it, 0 for a reduced axis. */
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
     * General mean: {@code shape} is the input shape, {@code os} its {@link #outStrides}, {@code outSize}
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
