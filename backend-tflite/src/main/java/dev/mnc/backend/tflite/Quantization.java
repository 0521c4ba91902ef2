package dev.mnc.backend.tflite;

import java.util.Arrays;

/**
 * A TFLite tensor's affine quantization: real = scale * (q - zeroPoint), one pair per slice along
 * {@code quantizedDimension} when there are several (per-axis), else one for the whole tensor.
 */
public record Quantization(float[] scales, long[] zeroPoints, int quantizedDimension) {

    public boolean isPerTensor() {
        return scales.length == 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantization q && quantizedDimension == q.quantizedDimension
                && Arrays.equals(scales, q.scales) && Arrays.equals(zeroPoints, q.zeroPoints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(scales) * 31 + Arrays.hashCode(zeroPoints);
    }

    /** {@code q(0.0235, -128)} or {@code q(axis=3, 32 scales)}. */
    @Override
    public String toString() {
        return isPerTensor() ? "q(" + scales[0] + ", " + (zeroPoints.length > 0 ? zeroPoints[0] : 0) + ")"
                : "q(axis=" + quantizedDimension + ", " + scales.length + " scales)";
    }
}
