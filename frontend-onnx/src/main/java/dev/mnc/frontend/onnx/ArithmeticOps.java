package dev.mnc.frontend.onnx;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Binary;
import java.util.List;
import java.util.Map;

/**
 * Add, Sub, Mul and Div (opsets 7 to 14: numpy broadcasting, no attributes). Integer constants on
 * both sides are evaluated at import (shape arithmetic); everything else becomes an IR
 * {@link Binary}, float constants included (a pass folds those).
 */
final class ArithmeticOps {
    private ArithmeticOps() {}

    static void register(Map<String, OpConverter> m) {
        m.put("Add", (n, ctx) -> binary(n, ctx, Binary.Kind.ADD));
        m.put("Sub", (n, ctx) -> binary(n, ctx, Binary.Kind.SUB));
        m.put("Mul", (n, ctx) -> binary(n, ctx, Binary.Kind.MUL));
        m.put("Div", (n, ctx) -> binary(n, ctx, Binary.Kind.DIV));
    }

    private static void binary(OnnxNode n, ImportContext ctx, Binary.Kind kind) {
        n.requireInputs(2, 2);
        Operand a = ctx.operand(n.input(0));
        Operand b = ctx.operand(n.input(1));
        if (a.dtype() != b.dtype()) {
            throw new MncException("operands are " + a.dtype() + " and " + b.dtype() + "; ONNX requires one type");
        }
        if (a.isConstant() && b.isConstant() && a.dtype().isInteger()) {
            ctx.defineConstant(n.output(0), ConstantEval.binary(kind, a.data(), b.data()));
            return;
        }
        List<Value> ins = List.of(ctx.value(n.input(0)), ctx.value(n.input(1)));
        ctx.emit(n, Binary.of(kind), ins, n.output(0));
    }
}
