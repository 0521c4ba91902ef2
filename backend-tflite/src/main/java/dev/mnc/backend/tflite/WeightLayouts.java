package dev.mnc.backend.tflite;

import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Rearranges constant weights into the layouts TFLite kernels read, for any element type (the
 * work is done on little-endian element bytes). Quantization parameters follow their axis.
 */
final class WeightLayouts {
    private WeightLayouts() {}

    /** out[i_0..i_{r-1}] = in at the index whose axis perm[k] is i_k: {@code out.shape[k] = in.shape[perm[k]]}. */
    static TensorData permute(TensorData in, int[] perm) {
        int[] inShape = in.shape().toIntArray();
        int rank = inShape.length;
        int[] outShape = new int[rank];
        for (int k = 0; k < rank; k++) {
            outShape[k] = inShape[perm[k]];
        }
        int[] inStrides = strides(inShape);
        int esize = in.dtype().byteSize();
        byte[] src = in.toLittleEndian();
        byte[] dst = new byte[src.length];
        int n = in.size();
        int[] idx = new int[rank];
        for (int o = 0; o < n; o++) {
            int s = 0;
            for (int k = 0; k < rank; k++) {
                s += idx[k] * inStrides[perm[k]];
            }
            System.arraycopy(src, s * esize, dst, o * esize, esize);
            for (int k = rank - 1; k >= 0; k--) {
                if (++idx[k] < outShape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return TensorData.fromLittleEndian(in.dtype(), Shape.of(outShape), ByteBuffer.wrap(dst).order(ByteOrder.LITTLE_ENDIAN));
    }

    /** Rows [from, to) along axis 0 (a group's filters, or its part of a bias). */
    static TensorData sliceAxis0(TensorData in, int from, int to) {
        int[] shape = in.shape().toIntArray();
        int rowElems = in.size() / shape[0];
        int esize = in.dtype().byteSize();
        byte[] src = in.toLittleEndian();
        byte[] dst = Arrays.copyOfRange(src, from * rowElems * esize, to * rowElems * esize);
        shape[0] = to - from;
        return TensorData.fromLittleEndian(in.dtype(), Shape.of(shape), ByteBuffer.wrap(dst).order(ByteOrder.LITTLE_ENDIAN));
    }

    /**
     * An [O, kh, kw, I] kernel with {@code dh - 1} zero rows between taps vertically and
     * {@code dw - 1} zero columns horizontally: a kernel of size d*(k-1)+1 that applied
     * undilated computes exactly what the original computes with dilation d.
     */
    static TensorData dilate(TensorData w, int dh, int dw) {
        int[] s = w.shape().toIntArray();
        int o = s[0];
        int kh = s[1];
        int kw = s[2];
        int ci = s[3];
        int eh = dh * (kh - 1) + 1;
        int ew = dw * (kw - 1) + 1;
        int esize = w.dtype().byteSize();
        byte[] src = w.toLittleEndian();
        // Zero bytes are the value 0 for floats and for symmetric (zero point 0) integer weights alike.
        byte[] dst = new byte[o * eh * ew * ci * esize];
        for (int a = 0; a < o; a++) {
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    int from = ((a * kh + y) * kw + x) * ci * esize;
                    int to = ((a * eh + y * dh) * ew + x * dw) * ci * esize;
                    System.arraycopy(src, from, dst, to, ci * esize);
                }
            }
        }
        return TensorData.fromLittleEndian(w.dtype(), Shape.of(o, eh, ew, ci), ByteBuffer.wrap(dst).order(ByteOrder.LITTLE_ENDIAN));
    }

    /** Per-axis parameters of slices [from, to) along their axis, or {@code q} itself when per-tensor or null. */
    static QuantParams sliceQuant(QuantParams q, int from, int to) {
        if (q == null || q.isPerTensor()) {
            return q;
        }
        return QuantParams.perAxis(Arrays.copyOfRange(q.scales(), from, to), Arrays.copyOfRange(q.zeroPoints(), from, to),
                q.axis());
    }

    /** The same per-axis parameters moved to another axis (after a permutation), or {@code q} itself. */
    static QuantParams moveAxis(QuantParams q, int newAxis) {
        if (q == null || q.isPerTensor()) {
            return q;
        }
        return QuantParams.perAxis(q.scales(), q.zeroPoints(), newAxis);
    }

    private static int[] strides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            st[k] = s;
            s *= shape[k];
        }
        return st;
    }
}
