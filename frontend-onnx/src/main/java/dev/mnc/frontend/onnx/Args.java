package dev.mnc.frontend.onnx;

import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import java.util.Arrays;

/** Checks and conversions that many op converters share. */
final class Args {
    private Args() {}

    /** Normalizes a possibly negative axis against {@code rank}. */
    static int axis(String what, long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new MncException(what + " " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    /** Normalizes a list of axes; duplicates are an error. */
    static int[] axes(String what, long[] axes, int rank) {
        int[] out = new int[axes.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < axes.length; i++) {
            out[i] = axis(what, axes[i], rank);
            if (seen[out[i]]) {
                throw new MncException(what + " " + Arrays.toString(axes) + " repeat an axis");
            }
            seen[out[i]] = true;
        }
        return out;
    }

    /** The integer values of constant input {@code i}. */
    static long[] ints(OnnxNode n, ImportContext ctx, int i, String what) {
        TensorData d = ctx.constant(n.input(i), what);
        if (!d.dtype().isInteger()) {
            throw new MncException(what + " must be integers, got " + d.dtype());
        }
        return d.toLongs();
    }

    /** The single float value of constant input {@code i}. */
    static float scalar(OnnxNode n, ImportContext ctx, int i, String what) {
        TensorData d = ctx.constant(n.input(i), what);
        if (d.size() != 1) {
            throw new MncException(what + " must hold one value, got shape " + d.shape());
        }
        return (float) d.getDouble(0);
    }

    /** Requires a rank-4 (N, C, H, W) input: mnc imports 2-D spatial ops only. */
    static void requireImage(Value x, String op) {
        if (x.type().rank() != 4) {
            throw new MncException(op + " input " + x.name() + " has shape " + x.shape() + "; only 2-D " + op
                    + " on rank-4 (N,C,H,W) tensors is supported");
        }
    }

    /** Requires a float input. */
    static void requireFloat(Value x, String op) {
        if (!x.dtype().isFloat()) {
            throw new MncException(op + " input " + x.name() + " is " + x.dtype() + "; only float is supported");
        }
    }

    /**
     * A two-element INTS attribute (strides, dilations, output_padding), defaulting to {@code dflt},
     * each value at least {@code min}.
     */
    static int[] pair(NodeAttributes a, String name, int dflt, int min) {
        int[] v = a.getInts32(name, new int[] {dflt, dflt});
        if (v.length != 2) {
            throw new MncException("attribute '" + name + "' needs 2 values for a 2-D op, got " + Arrays.toString(v));
        }
        if (v[0] < min || v[1] < min) {
            throw new MncException("attribute '" + name + "' " + Arrays.toString(v) + " must be at least " + min);
        }
        return v;
    }
}
