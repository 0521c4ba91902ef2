package dev.mnc.prune;

import dev.mnc.ir.TensorData;
import dev.mnc.runtime.DType;
import dev.mnc.runtime.Tensor;

/** IR constants as runtime tensors (same element type, shape and row-major data; arrays are shared, not copied). */
final class RuntimeTensors {
    private RuntimeTensors() {}

    static Tensor of(TensorData d) {
        int[] shape = d.shape().toIntArray();
        return switch (d.dtype()) {
            case F32 -> Tensor.ofFloats(shape, d.floats());
            case I8, U8, BOOL -> Tensor.ofBytes(DType.valueOf(d.dtype().name()), shape, d.bytes());
            case I16 -> Tensor.ofShorts(shape, d.shorts());
            case I32 -> Tensor.ofInts(shape, d.ints());
            case I64 -> Tensor.ofLongs(shape, d.longs());
        };
    }
}
