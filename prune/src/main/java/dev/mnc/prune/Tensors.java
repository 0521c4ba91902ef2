package dev.mnc.prune;

import dev.mnc.ir.DType;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;

/** Constant-tensor arithmetic the pruner needs: keeping some indices along one axis. */
final class Tensors {
    private Tensors() {}

    /** {@code d} with only indices {@code keep} (ascending) along {@code axis}. */
    static TensorData slice(TensorData d, int axis, int[] keep) {
        if (d.dtype() != DType.F32) {
            throw new MncException("cannot prune a " + d.dtype() + " constant; prune the float model");
        }
        long[] dims = d.shape().toLongArray();
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= (int) dims[i];
        }
        int inner = 1;
        for (int i = axis + 1; i < dims.length; i++) {
            inner *= (int) dims[i];
        }
        int size = (int) dims[axis];
        float[] src = d.floats();
        float[] dst = new float[outer * keep.length * inner];
        int k = 0;
        for (int o = 0; o < outer; o++) {
            for (int idx : keep) {
                System.arraycopy(src, (o * size + idx) * inner, dst, k, inner);
                k += inner;
            }
        }
        dims[axis] = keep.length;
        return TensorData.ofFloats(Shape.of(dims), dst);
    }
}
