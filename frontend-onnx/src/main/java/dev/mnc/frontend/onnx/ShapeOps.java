package dev.mnc.frontend.onnx;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.ops.Identity;
import dev.mnc.ir.ops.Reshape;
import dev.mnc.ir.ops.ShapeRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Ops that only change a shape: Shape (always a constant, since shapes are static after binding;
 * {@code start}/{@code end} from opset 15), Reshape (0 and -1, {@code allowzero} from 14),
 * Flatten, Squeeze and Unsqueeze (axes as attributes before opset 13, as inputs from 13) and
 * Expand (only where it leaves the shape unchanged, or on constants). All but Shape become IR
 * {@link Reshape} on run-time values and are evaluated on constants.
 */
final class ShapeOps {
    private ShapeOps() {}

    static void register(Map<String, OpConverter> m) {
        m.put("Shape", ShapeOps::shape);
        m.put("Reshape", ShapeOps::reshape);
        m.put("Flatten", ShapeOps::flatten);
        m.put("Squeeze", ShapeOps::squeeze);
        m.put("Unsqueeze", ShapeOps::unsqueeze);
        m.put("Expand", ShapeOps::expand);
    }

    /** Defines the node's output as {@code x} under new dims: folded for constants, an IR reshape otherwise. */
    static void reshapeTo(OnnxNode n, ImportContext ctx, String input, long[] dims) {
        Operand x = ctx.operand(input);
        Shape target = Shape.of(dims);
        if (x.shape().numElements() != target.numElements()) {
            throw new MncException("cannot reshape " + x.shape() + " to " + target);
        }
        if (x.isConstant()) {
            ctx.defineConstant(n.output(0), x.data().reshape(target));
        } else {
            ctx.emit(n, new Reshape(dims), List.of(ctx.value(input)), n.output(0));
        }
    }

    private static void shape(OnnxNode n, ImportContext ctx) {
        n.requireInputs(1, 1);
        Shape s = ctx.operand(n.input(0)).shape();
        int rank = s.rank();
        long start = clampAxis(n.attrs().getInt("start", 0), rank);
        long end = clampAxis(n.attrs().getInt("end", rank), rank);
        long[] dims = s.toLongArray();
        long[] out = start < end ? Arrays.copyOfRange(dims, (int) start, (int) end) : new long[0];
        ctx.defineConstant(n.output(0), TensorData.vector(out));
    }

    private static long clampAxis(long a, int rank) {
        long v = a < 0 ? a + rank : a;
        return Math.max(0, Math.min(rank, v));
    }

    private static void reshape(OnnxNode n, ImportContext ctx) {
        n.requireInputs(2, 2);
        long[] spec = Args.ints(n, ctx, 1, "Reshape shape");
        boolean allowZero = n.attrs().getInt("allowzero", 0) != 0;
        Shape in = ctx.operand(n.input(0)).shape();
        reshapeTo(n, ctx, n.input(0), ConstantEval.reshapeDims(in, spec, allowZero));
    }

    private static void flatten(OnnxNode n, ImportContext ctx) {
        n.requireInputs(1, 1);
        Shape in = ctx.operand(n.input(0)).shape();
        long axis = n.attrs().getInt("axis", 1);
        long a = axis < 0 ? axis + in.rank() : axis;
        if (a < 0 || a > in.rank()) {
            throw new MncException("axis " + axis + " is out of range for rank " + in.rank());
        }
        long outer = ConstantEval.product(in, 0, (int) a);
        long inner = ConstantEval.product(in, (int) a, in.rank());
        reshapeTo(n, ctx, n.input(0), new long[] {outer, inner});
    }

    private static void squeeze(OnnxNode n, ImportContext ctx) {
        long[] axes;
        if (n.opset() >= 13) {
            n.requireInputs(1, 2);
            axes = n.hasInput(1) ? Args.ints(n, ctx, 1, "Squeeze axes") : null;
        } else {
            n.requireInputs(1, 1);
            axes = n.attrs().getInts("axes", null);
        }
        Shape in = ctx.operand(n.input(0)).shape();
        boolean[] drop = new boolean[in.rank()];
        if (axes == null) {
            for (int i = 0; i < in.rank(); i++) {
                drop[i] = in.size(i) == 1;
            }
        } else {
            for (int a : Args.axes("axes", axes, in.rank())) {
                if (in.size(a) != 1) {
                    throw new MncException("cannot squeeze axis " + a + " of " + in + ": its size is not 1");
                }
                drop[a] = true;
            }
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < in.rank(); i++) {
            if (!drop[i]) {
                out.add(in.size(i));
            }
        }
        reshapeTo(n, ctx, n.input(0), out.stream().mapToLong(Long::longValue).toArray());
    }

    private static void unsqueeze(OnnxNode n, ImportContext ctx) {
        long[] axes;
        if (n.opset() >= 13) {
            n.requireInputs(2, 2);
            axes = Args.ints(n, ctx, 1, "Unsqueeze axes");
        } else {
            n.requireInputs(1, 1);
            axes = n.attrs().getInts("axes", null);
            if (axes == null) {
                throw new MncException("attribute 'axes' is required");
            }
        }
        Shape in = ctx.operand(n.input(0)).shape();
        int rank = in.rank() + axes.length;
        if (rank > Shape.MAX_RANK) {
            throw new MncException("unsqueezing " + in + " gives rank " + rank + ", more than " + Shape.MAX_RANK);
        }
        boolean[] inserted = new boolean[rank];
        for (int a : Args.axes("axes", axes, rank)) {
            inserted[a] = true;
        }
        long[] out = new long[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            out[i] = inserted[i] ? 1 : in.size(j++);
        }
        reshapeTo(n, ctx, n.input(0), out);
    }

    private static void expand(OnnxNode n, ImportContext ctx) {
        n.requireInputs(2, 2);
        long[] dims = Args.ints(n, ctx, 1, "Expand shape");
        for (long d : dims) {
            if (d < 0) {
                throw new MncException("Expand shape " + Arrays.toString(dims) + " has a negative dim");
            }
        }
        Operand x = ctx.operand(n.input(0));
        Shape out = ShapeRules.broadcast(x.shape(), Shape.of(dims));
        if (x.isConstant()) {
            ctx.defineConstant(n.output(0), ConstantEval.expand(x.data(), out));
        } else if (out.equals(x.shape())) {
            ctx.emit(n, new Identity(), List.of(ctx.value(n.input(0))), n.output(0));
        } else {
            throw new MncException("Expand of a run-time value from " + x.shape() + " to " + out
                    + " is not supported (only an Expand that keeps the shape is)");
        }
    }
}
