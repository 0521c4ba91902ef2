package dev.mnc.passes.testing;

import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;

/** Transposes float test data by a permutation: out.shape[i] = in.shape[perm[i]]. */
final class Transposer {
    private Transposer() {}

    static TensorData transpose(TensorData d, int[] perm) {
        long[] in = d.shape().toLongArray();
        Shape outShape = d.shape().permute(perm);
        long[] out = outShape.toLongArray();
        long[] st = new long[in.length];
        long acc = 1;
        for (int i = in.length - 1; i >= 0; i--) {
            st[i] = acc;
            acc *= in[i];
        }
        float[] src = d.floats();
        float[] dst = new float[src.length];
        for (int i = 0; i < dst.length; i++) {
            long rest = i;
            long off = 0;
            for (int a = out.length - 1; a >= 0; a--) {
                off += (rest % out[a]) * st[perm[a]];
                rest /= out[a];
            }
            dst[i] = src[(int) off];
        }
        return TensorData.ofFloats(outShape, dst);
    }
}
