package dev.mnc.frontend.onnx;

import dev.mnc.ir.DType;
import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Cast;
import dev.mnc.ir.ops.Concat;
import dev.mnc.ir.ops.Gather;
import dev.mnc.ir.ops.Slice;
import dev.mnc.ir.ops.Transpose;
import dev.mnc.onnx.proto.Onnx.TensorProto.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Ops that move data without arithmetic: Gather, Slice (starts/ends/axes as attributes before
 * opset 10, as inputs with steps from 10), Concat, Transpose and Cast. On constants they are
 * evaluated at import (this is how shape computations fold); on run-time values they become the
 * IR ops of the same names.
 */
final class DataOps {
    private DataOps() {}

    static void register(Map<String, OpConverter> m) {
        m.put("Gather", DataOps::gather);
        m.put("Slice", DataOps::slice);
        m.put("Concat", DataOps::concat);
        m.put("Transpose", DataOps::transpose);
        m.put("Cast", DataOps::cast);
    }

    private static void gather(OnnxNode n, ImportContext ctx) {
        n.requireInputs(2, 2);
        Operand data = ctx.operand(n.input(0));
        Operand indices = ctx.operand(n.input(1));
        if (!indices.dtype().isInteger()) {
            throw new MncException("indices must be integers, got " + indices.dtype());
        }
        int axis = Args.axis("axis", n.attrs().getInt("axis", 0), data.rank());
        if (data.isConstant() && indices.isConstant()) {
            ctx.defineConstant(n.output(0), ConstantEval.gather(data.data(), indices.data(), axis));
            return;
        }
        if (indices.isConstant()) {
            long len = data.shape().size(axis);
            for (long i : indices.data().toLongs()) {
                if (i < -len || i >= len) {
                    throw new MncException("index " + i + " is out of range for axis " + axis + " of " + data.shape());
                }
            }
        }
        ctx.emit(n, new Gather(axis), List.of(ctx.value(n.input(0)), ctx.value(n.input(1))), n.output(0));
    }

    private static void slice(OnnxNode n, ImportContext ctx) {
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps;
        if (n.opset() >= 10) {
            n.requireInputs(3, 5);
            starts = Args.ints(n, ctx, 1, "Slice starts");
            ends = Args.ints(n, ctx, 2, "Slice ends");
            axes = n.hasInput(3) ? Args.ints(n, ctx, 3, "Slice axes") : null;
            steps = n.hasInput(4) ? Args.ints(n, ctx, 4, "Slice steps") : null;
        } else {
            n.requireInputs(1, 1);
            starts = n.attrs().getInts("starts", null);
            ends = n.attrs().getInts("ends", null);
            axes = n.attrs().getInts("axes", null);
            steps = null;
            if (starts == null || ends == null) {
                throw new MncException("attributes 'starts' and 'ends' are required");
            }
        }
        Operand x = ctx.operand(n.input(0));
        if (axes == null) {
            axes = new long[starts.length];
            Arrays.setAll(axes, i -> i);
        }
        if (steps == null) {
            steps = new long[starts.length];
            Arrays.fill(steps, 1);
        }
        if (ends.length != starts.length || axes.length != starts.length || steps.length != starts.length) {
            throw new MncException("starts, ends, axes and steps must have equal lengths");
        }
        Slice op = new Slice(starts, ends, Args.axes("axes", axes, x.rank()), steps);
        if (x.isConstant()) {
            ctx.defineConstant(n.output(0), ConstantEval.slice(x.data(), op));
        } else {
            ctx.emit(n, op, List.of(ctx.value(n.input(0))), n.output(0));
        }
    }

    private static void concat(OnnxNode n, ImportContext ctx) {
        if (n.numInputs() < 1) {
            throw new MncException("needs at least one input");
        }
        List<Operand> parts = new ArrayList<>();
        boolean allConstant = true;
        for (int i = 0; i < n.numInputs(); i++) {
            Operand o = ctx.operand(n.input(i));
            parts.add(o);
            allConstant &= o.isConstant();
        }
        if (!n.attrs().has("axis")) {
            throw new MncException("attribute 'axis' is required");
        }
        int axis = Args.axis("axis", n.attrs().getInt("axis", 0), parts.get(0).rank());
        if (allConstant) {
            ctx.defineConstant(n.output(0), ConstantEval.concat(parts.stream().map(Operand::data).toList(), axis));
            return;
        }
        List<Value> ins = new ArrayList<>();
        for (int i = 0; i < n.numInputs(); i++) {
            ins.add(ctx.value(n.input(i)));
        }
        ctx.emit(n, new Concat(axis), ins, n.output(0));
    }

    private static void transpose(OnnxNode n, ImportContext ctx) {
        n.requireInputs(1, 1);
        Operand x = ctx.operand(n.input(0));
        int rank = x.rank();
        int[] perm = n.attrs().getInts32("perm", null);
        if (perm == null) {
            perm = new int[rank];
            Arrays.setAll(perm, i -> rank - 1 - i);
        }
        if (perm.length != rank) {
            throw new MncException("perm " + Arrays.toString(perm) + " does not match rank " + rank);
        }
        Transpose op = new Transpose(perm);
        if (x.isConstant()) {
            ctx.defineConstant(n.output(0), ConstantEval.transpose(x.data(), perm));
        } else {
            ctx.emit(n, op, List.of(ctx.value(n.input(0))), n.output(0));
        }
    }

    private static void cast(OnnxNode n, ImportContext ctx) {
        n.requireInputs(1, 1);
        n.attrs().ignore("saturate");
        long to = n.attrs().getInt("to", 0);
        if (to == 0) {
            throw new MncException("attribute 'to' is required");
        }
        DType target = OnnxTypes.irType((int) Math.max(0, Math.min(Integer.MAX_VALUE, to)));
        Operand x = ctx.operand(n.input(0));
        if (x.isConstant()) {
            TensorData d = x.data();
            if (target == DType.F32 || !d.dtype().isFloat()) {
                ctx.defineConstant(n.output(0), d.cast(target));
            } else {
                ctx.defineConstant(n.output(0), castFloatToInt(d, target));
            }
            return;
        }
        int t = (int) to;
        if (t != DataType.FLOAT_VALUE && t != DataType.INT8_VALUE && t != DataType.UINT8_VALUE
                && t != DataType.INT16_VALUE && t != DataType.INT32_VALUE && t != DataType.INT64_VALUE
                && t != DataType.BOOL_VALUE) {
            throw new MncException("Cast of a run-time value to " + OnnxTypes.name(t) + " is not supported");
        }
        ctx.emit(n, new Cast(target), List.of(ctx.value(n.input(0))), n.output(0));
    }

    /** Float to integer, truncating toward zero; values outside the target range are an error, not a wrap. */
    private static TensorData castFloatToInt(TensorData d, DType target) {
        TensorData out = d.cast(target);
        for (int i = 0; i < d.size(); i++) {
            double v = d.getDouble(i);
            if (!Double.isFinite(v) || (target != DType.BOOL && out.getDouble(i) != (double) (long) v)) {
                throw new MncException("cannot cast " + v + " to " + target + " exactly");
            }
        }
        return out;
    }
}
