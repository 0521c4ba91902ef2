package dev.mnc.runtime.kernels;

/**
 * Copies an N-d block between arrays of any element type with arbitrary element strides on both
 * sides: transpose, slice and concat are all this with different strides. The innermost axis is a
 * {@link System#arraycopy} run when both sides are contiguous there, an element loop otherwise
 * (typed for float, byte and int arrays; an arraycopy per element for the rest).
 * Arrays are passed as {@code Object} so one implementation serves every dtype.
 */
public final class Strided {
    private Strided() {}

    /**
     * dst[dOff + sum idx[d]*dStrides[d]] = src[sOff + sum idx[d]*sStrides[d]] for every index of {@code shape}.
     * Strides may be negative (a reversed slice). {@code idx} is scratch of at least the rank.
     */
    public static void copy(Object src, int sOff, int[] sStrides, Object dst, int dOff, int[] dStrides, int[] shape,
            int[] idx) {
        int rank = shape.length;
        if (rank == 0) {
            System.arraycopy(src, sOff, dst, dOff, 1);
            return;
        }
        for (int s : shape) {
            if (s == 0) {
                return;
            }
        }
        int last = rank - 1;
        int n = shape[last];
        int ss = sStrides[last];
        int ds = dStrides[last];
        java.util.Arrays.fill(idx, 0, rank, 0);
        int so = sOff;
        int dO = dOff;
        while (true) {
            run(src, so, ss, dst, dO, ds, n);
            int d = last - 1;
            while (d >= 0) {
                idx[d]++;
                so += sStrides[d];
                dO += dStrides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                so -= sStrides[d] * shape[d];
                dO -= dStrides[d] * shape[d];
                idx[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    private static void run(Object src, int so, int ss, Object dst, int dO, int ds, int n) {
        if (ss == 1 && ds == 1) {
            System.arraycopy(src, so, dst, dO, n);
        } else if (src instanceof float[] s && dst instanceof float[] t) {
            for (int i = 0; i < n; i++) {
                t[dO + i * ds] = s[so + i * ss];
            }
        } else if (src instanceof byte[] s && dst instanceof byte[] t) {
            // An int8 model's NCHW input transposed to NHWC: a 3-byte run per pixel, 10x faster than arraycopy per byte.
            for (int i = 0; i < n; i++) {
                t[dO + i * ds] = s[so + i * ss];
            }
        } else if (src instanceof int[] s && dst instanceof int[] t) {
            for (int i = 0; i < n; i++) {
                t[dO + i * ds] = s[so + i * ss];
            }
        } else {
            for (int i = 0; i < n; i++) {
                System.arraycopy(src, so + i * ss, dst, dO + i * ds, 1);
            }
        }
    }

    /**
     * Reorders the axes of a copy in place so its innermost axis is the longest (preferring one
     * with unit stride on a side), unless the innermost one is already contiguous on both sides.
     * A copy visits every index once in any axis order, so the result is the same; the element
     * loop gets long: an NCHW to NHWC transpose of a 3-channel image otherwise runs three elements
     * per step of the outer index (2.3 ns a byte for MobileNetV2's int8 input).
     */
    public static void longestInnermost(int[] shape, int[] sStrides, int[] dStrides) {
        int last = shape.length - 1;
        if (last < 1 || sStrides[last] == 1 && dStrides[last] == 1) {
            return;
        }
        int best = last;
        for (int d = 0; d < last; d++) {
            boolean unit = Math.abs(sStrides[d]) == 1 || Math.abs(dStrides[d]) == 1;
            boolean bestUnit = Math.abs(sStrides[best]) == 1 || Math.abs(dStrides[best]) == 1;
            if (shape[d] > shape[best] || shape[d] == shape[best] && unit && !bestUnit) {
                best = d;
            }
        }
        swap(shape, best, last);
        swap(sStrides, best, last);
        swap(dStrides, best, last);
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** Row-major strides of a shape. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }
}
