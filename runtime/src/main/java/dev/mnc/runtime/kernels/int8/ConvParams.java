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
 * with the output's parameters and intersected with the output type's range.
 *
 * <p>Overflow: |x + inputOffset| <= 255 and |w| <= 127 (symmetric int8 weights), so each product
 * is below 2^15 and an int32 accumulator holds 2^16 of them plus a bias of magnitude below 2^30:
 * the op builders refuse windows of more than 2^16 taps.
 *
 * @param halfUpBelow output channels below this index apply M with
 *     {@link QuantizedMultiplier#applyHalfUp} (TFLite's vectorized output stages: all channels of its
 *     matrix products, the whole blocks of 8 channels of its depthwise kernel), the others with
 *     {@link QuantizedMultiplier#apply}
 */
public record ConvParams(int inputOffset, int outputOffset, int[] outputMultiplier, int[] outputShift,
        int activationMin, int activationMax, int halfUpBelow) {

    /** Largest number of products one accumulator may sum (see the overflow note). */
    public static final int MAX_DEPTH = 1 << 16;

    /** Requantizes one accumulator of output channel {@code o} and narrows it to the output range. */
    public int requantize(int acc, int o) {
        int v = (o < halfUpBelow ? QuantizedMultiplier.multiplyHalfUp(acc, outputMultiplier[o], outputShift[o])
                : QuantizedMultiplier.multiply(acc, outputMultiplier[o], outputShift[o])) + outputOffset;
        return Math.min(Math.max(v, activationMin), activationMax);
    }

    /**
     * Requantizes {@code n} accumulators {@code acc[accOff..)} of output channels {@code channel0..}
     * into {@code y[yOff..)}: the output stage of every int8 convolution.
     */
    public void store(int[] acc, int accOff, int n, int channel0, byte[] y, int yOff) {
        int[] mult = outputMultiplier;
        int[] shift = outputShift;
        int zp = outputOffset;
        int lo = activationMin;
        int hi = activationMax;
        int split = Math.max(0, Math.min(n, halfUpBelow - channel0));
        for (int j = 0; j < split; j++) {
            int o = channel0 + j;
            int v = QuantizedMultiplier.multiplyHalfUp(acc[accOff + j], mult[o], shift[o]) + zp;
            y[yOff + j] = (byte) Math.min(Math.max(v, lo), hi);
        }
        for (int j = split; j < n; j++) {
            int o = channel0 + j;
            int v = QuantizedMultiplier.multiply(acc[accOff + j], mult[o], shift[o]) + zp;
            y[yOff + j] = (byte) Math.min(Math.max(v, lo), hi);
        }
    }
}
