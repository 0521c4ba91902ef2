package dev.mnc.frontend.onnx;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import java.util.Map;

/**
 * Ops that make constants: Constant ({@code value}; from opset 12 also {@code value_float(s)} and
 * {@code value_int(s)}; strings and sparse tensors are refused), ConstantOfShape (a one-element
 * {@code value}, float 0 by default, over a constant shape) and Range. They never reach the IR as
 * nodes: an IR node that reads their output reads a constant.
 */
final class ConstantOps {
    private ConstantOps() {}

    static void register(Map<String, OpConverter> m) {
        m.put("Constant", ConstantOps::constant);
        m.put("ConstantOfShape", ConstantOps::constantOfShape);
        m.put("Range", ConstantOps::range);
    }

    private static void constant(OnnxNode n, ImportContext ctx) {
        n.requireInputs(0, 0);
        NodeAttributes a = n.attrs();
        for (String unsupported : new String[] {"sparse_value", "value_string", "value_strings"}) {
            if (a.has(unsupported)) {
                throw new MncException("attribute '" + unsupported + "' is not supported; mnc reads numeric constants");
            }
        }
        TensorData d = null;
        int given = 0;
        if (a.has("value")) {
            d = ctx.readTensor(a.getTensor("value"));
            given++;
        }
        if (a.has("value_float")) {
            d = TensorData.scalar(a.getFloat("value_float", 0));
            given++;
        }
        if (a.has("value_floats")) {
            float[] v = a.getFloats("value_floats", null);
            d = TensorData.ofFloats(Shape.of(v.length), v);
            given++;
        }
        if (a.has("value_int")) {
            d = TensorData.ofLongs(Shape.scalar(), a.getInt("value_int", 0));
            given++;
        }
        if (a.has("value_ints")) {
            d = TensorData.vector(a.getInts("value_ints", null));
            given++;
        }
        if (given != 1) {
            throw new MncException("needs exactly one value attribute, got " + given);
        }
        ctx.defineConstant(n.output(0), d);
    }

    private static void constantOfShape(OnnxNode n, ImportContext ctx) {
        n.requireInputs(1, 1);
        long[] dims = Args.ints(n, ctx, 0, "ConstantOfShape shape");
        if (dims.length > Shape.MAX_RANK) {
            throw new MncException("shape " + java.util.Arrays.toString(dims) + " has rank above " + Shape.MAX_RANK);
        }
        for (long d : dims) {
            if (d < 0) {
                throw new MncException("shape " + java.util.Arrays.toString(dims) + " has a negative dim");
            }
        }
        TensorProto value = n.attrs().getTensor("value");
        TensorData v = value == null ? TensorData.scalar(0f) : ctx.readTensor(value);
        if (v.size() != 1) {
            throw new MncException("attribute 'value' must hold one element, got " + v.shape());
        }
        Shape shape = Shape.of(dims);
        ctx.defineConstant(n.output(0), ConstantEval.fill(shape, v));
    }

    private static void range(OnnxNode n, ImportContext ctx) {
        n.requireInputs(3, 3);
        TensorData[] in = new TensorData[3];
        String[] what = {"Range start", "Range limit", "Range delta"};
        for (int i = 0; i < 3; i++) {
            in[i] = ctx.constant(n.input(i), what[i]);
            if (in[i].size() != 1) {
                throw new MncException(what[i] + " must be a scalar, got " + in[i].shape());
            }
        }
        ctx.defineConstant(n.output(0), ConstantEval.range(in[0], in[1], in[2]));
    }
}
