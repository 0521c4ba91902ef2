package dev.mnc.runtime.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * Elementwise add, sub, mul and div with numpy broadcasting and a fused activation. The shapes are
 * turned once, at load, into a {@link Plan}: dims of size 1 are dropped and neighbouring dims that
 * both operands walk contiguously (or both repeat) are merged, leaving rows of an inner run where
 * each operand either advances by one or repeats a single value. So a same-shape add becomes one
 * long row, a per-channel [C] vector over NHWC or an SE-style [N,1,1,C] scale becomes rows of C,
 * and a scalar becomes one long row against a constant; each runs a plain loop the JIT vectorizes.
 */
public final class Broadcast {
    private Broadcast() {}

    public static final int ADD = 0;
    public static final int SUB = 1;
    public static final int MUL = 2;
    public static final int DIV = 3;

    /**
     * An iteration plan: {@code rows} rows of {@code inner} elements; row r's operand offsets come
     * from its index in {@code outer} (row-major) times the operand strides; within a row operand a
     * advances by {@code aStep} (0 or 1), b by {@code bStep}.
     */
    public record Plan(int rows, int inner, int[] outer, int[] aStrides, int[] bStrides, int aStep, int bStep) {

        /**
         * Offset of row {@code r} in an operand walked with {@code strides} ({@link #aStrides} or
         * {@link #bStrides}): r's row-major index in {@code outer} times the strides. Every
         * elementwise kernel on a plan, float or int8, finds its rows this way.
         */
        public int offset(int r, int[] strides) {
            int o = 0;
            for (int d = outer.length - 1; d >= 0; d--) {
                o += r % outer[d] * strides[d];
                r /= outer[d];
            }
            return o;
        }
    }

    /** Plans {@code out = a OP b}; the shapes must broadcast to {@code out} (checked by the caller). */
    public static Plan plan(int[] a, int[] b, int[] out) {
        int rank = out.length;
        List<int[]> dims = new ArrayList<>(); // {size, aStride, bStride}
        long as = 1;
        long bs = 1;
        int[] aS = new int[rank];
        int[] bS = new int[rank];
        for (int i = rank - 1; i >= 0; i--) {
            int ai = i - (rank - a.length);
            int bi = i - (rank - b.length);
            int ad = ai >= 0 ? a[ai] : 1;
            int bd = bi >= 0 ? b[bi] : 1;
            aS[i] = ad == 1 ? 0 : (int) as;
            bS[i] = bd == 1 ? 0 : (int) bs;
            as *= ad;
            bs *= bd;
        }
        for (int i = 0; i < rank; i++) {
            if (out[i] == 1) {
                continue;
            }
            if (!dims.isEmpty()) {
                int[] last = dims.get(dims.size() - 1);
                if (last[1] == aS[i] * out[i] && last[2] == bS[i] * out[i]) {
                    last[0] *= out[i];
                    last[1] = aS[i];
                    last[2] = bS[i];
                    continue;
                }
            }
            dims.add(new int[] {out[i], aS[i], bS[i]});
        }
        if (dims.isEmpty()) {
            dims.add(new int[] {1, 1, 1});
        }
        int[] innerDim = dims.remove(dims.size() - 1);
        int[] outer = new int[dims.size()];
        int[] aStr = new int[dims.size()];
        int[] bStr = new int[dims.size()];
        int rows = 1;
        for (int i = 0; i < outer.length; i++) {
            outer[i] = dims.get(i)[0];
            aStr[i] = dims.get(i)[1];
            bStr[i] = dims.get(i)[2];
            rows *= outer[i];
        }
        return new Plan(rows, innerDim[0], outer, aStr, bStr, innerDim[1] == 0 ? 0 : 1, innerDim[2] == 0 ? 0 : 1);
    }

    /** Computes rows [r0, r1) of the plan. */
    public static void run(Plan p, int kind, Activation act, float[] a, int aOff, float[] b, int bOff, float[] y,
            int yOff, int r0, int r1) {
        int inner = p.inner();
        for (int r = r0; r < r1; r++) {
            int yo = yOff + r * inner;
            row(kind, a, aOff + p.offset(r, p.aStrides()), p.aStep(), b, bOff + p.offset(r, p.bStrides()), p.bStep(),
                    y, yo, inner);
            act.apply(y, yo, inner);
        }
    }

    private static void row(int kind, float[] a, int ao, int aStep, float[] b, int bo, int bStep, float[] y, int yo,
            int n) {
        if (aStep == 1 && bStep == 1) {
            switch (kind) {
                case ADD -> { for (int i = 0; i < n; i++) { y[yo + i] = a[ao + i] + b[bo + i]; } }
                case SUB -> { for (int i = 0; i < n; i++) { y[yo + i] = a[ao + i] - b[bo + i]; } }
                case MUL -> { for (int i = 0; i < n; i++) { y[yo + i] = a[ao + i] * b[bo + i]; } }
                default -> { for (int i = 0; i < n; i++) { y[yo + i] = a[ao + i] / b[bo + i]; } }
            }
        } else if (aStep == 1) {
            float s = b[bo];
            switch (kind) {
                case ADD -> { for (int i = 0; i < n; i++) { y[yo + i] = a[ao + i] + s; } }
                case SUB -> { for (int i = 0; i < n; i++) { y[yo + i] = a[ao + i] - s; } }
                case MUL -> { for (int i = 0; i < n; i++) { y[yo + i] = a[ao + i] * s; } }
                default -> { for (int i = 0; i < n; i++) { y[yo + i] = a[ao + i] / s; } }
            }
        } else if (bStep == 1) {
            float s = a[ao];
            switch (kind) {
                case ADD -> { for (int i = 0; i < n; i++) { y[yo + i] = s + b[bo + i]; } }
                case SUB -> { for (int i = 0; i < n; i++) { y[yo + i] = s - b[bo + i]; } }
                case MUL -> { for (int i = 0; i < n; i++) { y[yo + i] = s * b[bo + i]; } }
                default -> { for (int i = 0; i < n; i++) { y[yo + i] = s / b[bo + i]; } }
            }
        } else {
            float v = switch (kind) {
                case ADD -> a[ao] + b[bo];
                case SUB -> a[ao] - b[bo];
                case MUL -> a[ao] * b[bo];
                default -> a[ao] / b[bo];
            };
            java.util.Arrays.fill(y, yo, yo + n, v);
        }
    }
}
