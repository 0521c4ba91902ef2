package dev.mnc.frontend.onnx;

import dev.mnc.ir.Shape;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Reshape;
import dev.mnc.ir.ops.Softmax;
import java.util.List;
import java.util.Map;

/**
 * Softmax. From opset 13 it normalizes along one axis (default -1), which is IR {@link Softmax}.
 * Before 13 (default axis 1) it flattens the input to 2-D at the axis, [prod(d[:axis]),
 * prod(d[axis:])], and normalizes each row; that equals a softmax along {@code axis} when every
 * dim after it is 1 (the axis is last, or followed by 1s), and is otherwise imported as reshape,
 * softmax along axis 1 and reshape back.
 */
final class SoftmaxOp {
    private SoftmaxOp() {}

    static void register(Map<String, OpConverter> m) {
        m.put("Softmax", SoftmaxOp::convert);
    }

    private static void convert(OnnxNode n, ImportContext ctx) {
        n.requireInputs(1, 1);
        Value x = ctx.value(n.input(0));
        Args.requireFloat(x, "Softmax");
        Shape s = x.shape();
        boolean legacy = n.opset() < 13;
        int axis = Args.axis("axis", n.attrs().getInt("axis", legacy ? 1 : -1), s.rank());
        if (!legacy || ConstantEval.product(s, axis + 1, s.rank()) == 1) {
            ctx.emit(n, new Softmax(axis), List.of(x), n.output(0));
            return;
        }
        String out = n.output(0);
        long rows = ConstantEval.product(s, 0, axis);
        long cols = ConstantEval.product(s, axis, s.rank());
        Value flat = ctx.emitTemp(n, new Reshape(new long[] {rows, cols}), List.of(x), out + "/2d");
        Value y = ctx.emitTemp(n, new Softmax(1), List.of(flat), out + "/softmax");
        ctx.emit(n, new Reshape(s.toLongArray()), List.of(y), out);
    }
}
