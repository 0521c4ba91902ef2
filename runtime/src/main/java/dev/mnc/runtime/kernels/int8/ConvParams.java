package dev.mnc.runtime.kernels.int8;

/**
 * The quantization side of an int8 convolution or dense layer, as TFLite's {@code ConvParams}
 * carries it. With r = s(q - Z) for every tensor:
 * <pre>
 *   acc[o]  = bias[o] + sum (x + inputOffset) * w          (inputOffset = -Z_x; weights have Z_w = 0)
 *   y[o]    = clamp(M[o](acc[o]) + outputOffset, activationMin, activationMax)   (outputOffset = Z_y)
 * </pre>
 * where M[o] = s_x * s_w[o] / s_y is {@code outputMultiplier[o]}, {@code outputShift[o]} in
 * {@link QuantizedMultiplier}'s convention (one entry per output channel; per-tensor weights
 * repeat theirs), and [activationMin, activationMax] is the fused activation already quantized
 * with the output's parameters and intersected with the output type's range. Output channels
 * below {@code halfUpBelow} apply M with {@link QuantizedMultiplier#applyHalfUp} (TFLite's
 * vectorized output stage of its matrix products), the others with
 * {@link QuantizedMultiplier#apply}.
 *
 * <p>Overflow: |x + inputOffset| <= 255 and |w| <= 127 (symmetric int8 weights), so each product
 * is below 2^15 and an int32 accumulator holds 2^16 of them plus a bias of magnitude below 2^30:
 * the op builders refuse windows of more than 2^16 taps.
 *
 * <p>The requantization is branch-free: with x' = x * 2^left (32-bit, wrapping as TFLite's),
 * SaturatingRoundingDoublingHighMul(x', M) equals (x' * M + 2^30) >> 31 exactly (M is non-negative,
 * so its one saturating case cannot occur), and the rounding right shift by r is
 * (s + 2^(r-1) - [s < 0]) >> r, or (s + 2^(r-1)) >> r rounding half up; the per-channel constants
 * are computed here once. Vector kernels, which have no 64-bit product, use the same value in
 * 32-bit pieces: with x' = 2^16 xh + xl (xl in [0, 2^16)) and M = 2^16 mh + ml,
 * (x' M + 2^30) >> 31 = 2 xh mh + (xh ml >> 15) + (xl mh >> 15)
 * + (((xh ml) & 0x7FFF) + ((xl mh) & 0x7FFF) + ((xl ml) >>> 16) + 2^14) >> 15, each product
 * within 32 bits (xl ml read unsigned). Immutable; shared by every session of a model.
 */
public final class ConvParams {
    /** Largest number of products one accumulator may sum (see the overflow note). */
    public static final int MAX_DEPTH = 1 << 16;

    private final int inputOffset;
    private final int outputOffset;
    private final int[] outputMultiplier;
    private final int[] outputShift;
    private final int activationMin;
    private final int activationMax;
    private final int halfUpBelow;
    final int[] left;
    final int[] right;
    final int[] half;
    final int[] negativeFix;
    /** The multipliers' high and low 16 bits, for kernels that multiply in 32-bit lanes. */
    final int[] multHigh;
    final int[] multLow;

    public ConvParams(int inputOffset, int outputOffset, int[] outputMultiplier, int[] outputShift, int activationMin,
            int activationMax, int halfUpBelow) {
        if (outputMultiplier.length != outputShift.length) {
            throw new IllegalArgumentException("one multiplier and one shift per channel");
        }
        this.inputOffset = inputOffset;
        this.outputOffset = outputOffset;
        this.outputMultiplier = outputMultiplier.clone();
        this.outputShift = outputShift.clone();
        this.activationMin = activationMin;
        this.activationMax = activationMax;
        this.halfUpBelow = halfUpBelow;
        int n = outputMultiplier.length;
        // Padded to whole column blocks so that vector kernels may load a full block past the last channel.
        int padded = (n + GemmQ8.COLUMN_BLOCK - 1) / GemmQ8.COLUMN_BLOCK * GemmQ8.COLUMN_BLOCK;
        left = new int[padded];
        right = new int[padded];
        half = new int[padded];
        negativeFix = new int[padded];
        multHigh = new int[padded];
        multLow = new int[padded];
        for (int o = 0; o < n; o++) {
            int s = outputShift[o];
            left[o] = Math.max(s, 0);
            right[o] = Math.max(-s, 0);
            half[o] = right[o] > 0 ? 1 << (right[o] - 1) : 0;
            negativeFix[o] = right[o] > 0 && o >= halfUpBelow ? -1 : 0;
            multHigh[o] = outputMultiplier[o] >>> 16;
            multLow[o] = outputMultiplier[o] & 0xFFFF;
        }
    }

    /** -Z_x. */
    public int inputOffset() {
        return inputOffset;
    }

    /** Z_y. */
    public int outputOffset() {
        return outputOffset;
    }

    public int[] outputMultiplier() {
        return outputMultiplier.clone();
    }

    public int[] outputShift() {
        return outputShift.clone();
    }

    public int activationMin() {
        return activationMin;
    }

    public int activationMax() {
        return activationMax;
    }

    public int halfUpBelow() {
        return halfUpBelow;
    }

    /** Requantizes one accumulator of output channel {@code o} and narrows it to the output range. */
    public int requantize(int acc, int o) {
        long p = (long) (acc << left[o]) * outputMultiplier[o] + (1L << 30);
        int s = (int) (p >> 31);
        int v = ((s + half[o] + ((s >> 31) & negativeFix[o])) >> right[o]) + outputOffset;
        return Math.min(Math.max(v, activationMin), activationMax);
    }

    /**
     * Requantizes {@code n} accumulators {@code acc[accOff..)} of output channels {@code channel0..}
     * into {@code y[yOff..)}: the output stage of every int8 convolution.
     */
    public void store(int[] acc, int accOff, int n, int channel0, byte[] y, int yOff) {
        int[] mult = outputMultiplier;
        int zp = outputOffset;
        int lo = activationMin;
        int hi = activationMax;
        for (int j = 0; j < n; j++) {
            int o = channel0 + j;
            long p = (long) (acc[accOff + j] << left[o]) * mult[o] + (1L << 30);
            int s = (int) (p >> 31);
            int v = ((s + half[o] + ((s >> 31) & negativeFix[o])) >> right[o]) + zp;
            y[yOff + j] = (byte) Math.min(Math.max(v, lo), hi);
        }
    }
}
