package dev.mnc.backend.tflite;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of a TFLite file as {@link TfliteReader} sees it.
 *
 * @param index the tensor's index in the subgraph
 * @param name its name (empty when the file gives none)
 * @param type TFLite's type name, e.g. {@code FLOAT32}, {@code INT8}
 * @param shape its dims (do not modify)
 * @param quantization its quantization, or null
 * @param buffer index of its buffer (0: none)
 * @param dataBytes bytes of constant data (0 for activations)
 */
public record TensorInfo(int index, String name, String type, int[] shape, Quantization quantization, int buffer,
        long dataBytes) {

    /** True when the tensor holds constant data (weights, biases, shapes). */
    public boolean isConstant() {
        return dataBytes > 0;
    }

    /** The number of elements: the product of the dims (1 for a scalar). */
    public long elements() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** {@code name: FLOAT32[1,224,224,3]} plus the quantization when there is one. */
    @Override
    public String toString() {
        return name + ": " + type + Arrays.toString(shape).replace(" ", "")
                + (quantization == null ? "" : " " + quantization);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && index == t.index && buffer == t.buffer && dataBytes == t.dataBytes
                && name.equals(t.name) && type.equals(t.type) && Arrays.equals(shape, t.shape)
                && Objects.equals(quantization, t.quantization);
    }

    @Override
    public int hashCode() {
        return (index * 31 + name.hashCode()) * 31 + Arrays.hashCode(shape);
    }
}
