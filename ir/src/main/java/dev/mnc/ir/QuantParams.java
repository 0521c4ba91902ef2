package dev.mnc.ir;

import java.util.Arrays;

/**
 * Affine quantization of a tensor: real = scale * (q - zeroPoint). Per-tensor when
 * {@code axis == -1} (one scale and zero point), per-axis otherwise (one per slice along
 * {@code axis}, as TFLite uses for the output channels of conv weights).
 *
 * <p>TFLite's int8 spec: weights symmetric (zero point 0, q in [-127, 127]); activations asymmetric
 * int8; int32 bias with scale = input_scale * weight_scale and zero point 0.
 */
public record QuantParams(float[] scales, int[] zeroPoints, int axis) {

    public QuantParams {
        if (scales.length == 0 || scales.length != zeroPoints.length) {
            throw new IllegalArgumentException("need as many zero points as scales, at least one");
        }
        if (axis < -1 || (axis == -1 && scales.length != 1)) {
            throw new IllegalArgumentException("per-tensor quantization has exactly one scale");
        }
        for (float s : scales) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new MncException("quantization scale " + s + " is not a positive finite number");
            }
        }
        scales = scales.clone();
        zeroPoints = zeroPoints.clone();
    }

    public static QuantParams perTensor(float scale, int zeroPoint) {
        return new QuantParams(new float[] {scale}, new int[] {zeroPoint}, -1);
    }

    public static QuantParams perAxis(float[] scales, int[] zeroPoints, int axis) {
        return new QuantParams(scales, zeroPoints, axis);
    }

    public boolean isPerTensor() {
        return axis == -1;
    }

    public float scale() {
        if (!isPerTensor()) {
            throw new IllegalStateException("per-axis quantization has " + scales.length + " scales");
        }
        return scales[0];
    }

    public int zeroPoint() {
        if (!isPerTensor()) {
            throw new IllegalStateException("per-axis quantization has " + zeroPoints.length + " zero points");
        }
        return zeroPoints[0];
    }

    @Override
    public float[] scales() {
        return scales.clone();
    }

    @Override
    public int[] zeroPoints() {
        return zeroPoints.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantParams q && axis == q.axis && Arrays.equals(scales, q.scales)
                && Arrays.equals(zeroPoints, q.zeroPoints);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(scales) + Arrays.hashCode(zeroPoints)) + axis;
    }

    @Override
    public String toString() {
        if (isPerTensor()) {
            return "q(" + scales[0] + "," + zeroPoints[0] + ")";
        }
        return "q(axis=" + axis + ",scales=" + Arrays.toString(scales) + ",zps=" + Arrays.toString(zeroPoints) + ")";
    }
}
