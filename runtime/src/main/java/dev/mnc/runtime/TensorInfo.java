package dev.mnc.runtime;

import java.util.Arrays;

/**
 * Name, element type and shape of a model tensor, plus its per-tensor quantization when the tensor
 * is quantized: real = scale * (q - zeroPoint). For float tensors {@code scale} is 0 and
 * {@code zeroPoint} 0; {@link #isQuantized()} tells the two apart. Tensors quantized per axis
 * (weights) report the first slice's parameters here; model inputs and outputs are always per tensor.
 */
public record TensorInfo(String name, DType dtype, int[] shape, float scale, int zeroPoint) {

    public TensorInfo {
        shape = shape.clone();
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements (the product of the dims). */
    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public boolean isQuantized() {
        return scale != 0f;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && Float.compare(scale, t.scale) == 0 && zeroPoint == t.zeroPoint;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + dtype.hashCode()) * 31 + Arrays.hashCode(shape);
    }

    /** {@code input: f32[1,224,224,3]}, with {@code q(scale,zp)} for quantized tensors. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(": ").append(dtype.text()).append('[');
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? "," : "").append(shape[i]);
        }
        sb.append(']');
        if (isQuantized()) {
            sb.append(" q(").append(scale).append(',').append(zeroPoint).append(')');
        }
        return sb.toString();
    }
}
