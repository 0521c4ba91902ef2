package dev.mnc.frontend.onnx;

import dev.mnc.ir.DType;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.MatMul;
import dev.mnc.ir.ops.Reshape;
import dev.mnc.ir.ops.Transpose;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gemm and MatMul.
 *
 * <p>Gemm computes Y = alpha * A' B' + beta * C with A' = transA ? A^T : A, B' likewise. With a
 * constant B it becomes IR {@link FullyConnected}, whose weight is [N, K]: B as it is when
 * transB = 1 (PyTorch's Linear), B^T otherwise, times alpha. C becomes the bias when it is
 * constant and broadcasts along rows (shape [], [1], [N], [1,1] or [1,N]); any other C is added
 * after. With a run-time B, Gemm becomes transposes, a {@link MatMul}, a multiply by alpha and an
 * add of beta * C, each only where needed.
 *
 * <p>MatMul becomes IR MatMul; ONNX's 1-D operands are reshaped to a row (A) or a column (B)
 * and the extra axis removed again afterwards.
 */
final class LinearOps {
    private LinearOps() {}

    static void register(Map<String, OpConverter> m) {
        m.put("Gemm", LinearOps::gemm);
        m.put("MatMul", LinearOps::matmul);
    }

    private static void gemm(OnnxNode n, ImportContext ctx) {
        n.requireInputs(2, 3);
        NodeAttributes a = n.attrs();
        float alpha = a.getFloat("alpha", 1f);
        float beta = a.getFloat("beta", 1f);
        boolean transA = a.getInt("transA", 0) != 0;
        boolean transB = a.getInt("transB", 0) != 0;
        Operand aOp = ctx.operand(n.input(0));
        Operand bOp = ctx.operand(n.input(1));
        if (aOp.rank() != 2 || bOp.rank() != 2) {
            throw new MncException("A and B must be matrices, got " + aOp.shape() + " and " + bOp.shape());
        }
        if (aOp.dtype() != DType.F32 || bOp.dtype() != DType.F32) {
            throw new MncException("only float Gemm is supported, got " + aOp.dtype() + " and " + bOp.dtype());
        }
        Value x = ctx.value(n.input(0));
        if (transA) {
            x = ctx.emitTemp(n, new Transpose(new int[] {1, 0}), List.of(x), n.output(0) + "/a_t");
        }
        Operand c = n.hasInput(2) ? ctx.operand(n.input(2)) : null;
        String out = n.output(0);
        if (bOp.isConstant()) {
            TensorData w = transB ? bOp.data() : ConstantEval.transpose(bOp.data(), new int[] {1, 0});
            Value weight;
            if (alpha != 1f) {
                weight = ctx.newConstant(n.input(1) + "/alpha", scale(w, alpha));
            } else if (!transB) {
                weight = ctx.newConstant(n.input(1) + "/t", w);
            } else {
                weight = ctx.value(n.input(1));
            }
            long cols = w.shape().size(0);
            TensorData bias = c != null && c.isConstant() ? rowBias(c.data(), cols, beta) : null;
            List<Value> ins = new ArrayList<>(List.of(x, weight));
            if (bias != null) {
                ins.add(bias == c.data() ? ctx.value(n.input(2)) : ctx.newConstant(n.input(2) + "/bias", bias));
            }
            if (c == null || bias != null) {
                ctx.emit(n, new FullyConnected(Activation.NONE), ins, out);
                return;
            }
            Value y = ctx.emitTemp(n, new FullyConnected(Activation.NONE), ins, out + "/fc");
            ctx.emit(n, Binary.of(Binary.Kind.ADD), List.of(y, scaledC(n, ctx, beta)), out);
            return;
        }
        Value b = ctx.value(n.input(1));
        if (transB) {
            b = ctx.emitTemp(n, new Transpose(new int[] {1, 0}), List.of(b), out + "/b_t");
        }
        boolean more = alpha != 1f || c != null;
        Value y = more ? ctx.emitTemp(n, new MatMul(), List.of(x, b), out + "/matmul")
                : ctx.emit(n, new MatMul(), List.of(x, b), out);
        if (alpha != 1f) {
            Value s = ctx.newConstant(out + "/alpha", TensorData.scalar(alpha));
            y = c != null ? ctx.emitTemp(n, Binary.of(Binary.Kind.MUL), List.of(y, s), out + "/scaled")
                    : ctx.emit(n, Binary.of(Binary.Kind.MUL), List.of(y, s), out);
        }
        if (c != null) {
            ctx.emit(n, Binary.of(Binary.Kind.ADD), List.of(y, scaledC(n, ctx, beta)), out);
        }
    }

    /** C as a bias vector of length {@code cols} times beta, or null when C is not a row broadcast. */
    private static TensorData rowBias(TensorData c, long cols, float beta) {
        Shape s = c.shape();
        boolean row = s.rank() == 0 || (s.rank() == 1 && (s.size(0) == cols || s.size(0) == 1))
                || (s.rank() == 2 && s.size(0) == 1 && (s.size(1) == cols || s.size(1) == 1));
        if (!row || c.dtype() != DType.F32) {
            return null;
        }
        if (c.size() == cols && beta == 1f && s.rank() == 1) {
            return c;
        }
        float[] v = new float[(int) cols];
        for (int i = 0; i < cols; i++) {
            v[i] = beta * (float) c.getDouble(c.size() == 1 ? 0 : i);
        }
        return TensorData.ofFloats(Shape.of(cols), v);
    }

    private static Value scaledC(OnnxNode n, ImportContext ctx, float beta) {
        Value c = ctx.value(n.input(2));
        if (beta == 1f) {
            return c;
        }
        Value s = ctx.newConstant(n.output(0) + "/beta", TensorData.scalar(beta));
        return ctx.emitTemp(n, Binary.of(Binary.Kind.MUL), List.of(c, s), n.output(0) + "/c");
    }

    private static TensorData scale(TensorData w, float alpha) {
        float[] src = w.floats();
        float[] v = new float[src.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = alpha * src[i];
        }
        return TensorData.ofFloats(w.shape(), v);
    }

    private static void matmul(OnnxNode n, ImportContext ctx) {
        n.requireInputs(2, 2);
        Value a = ctx.value(n.input(0));
        Value b = ctx.value(n.input(1));
        if (a.type().rank() < 1 || b.type().rank() < 1) {
            throw new MncException("MatMul operands must have rank >= 1, got " + a.shape() + " and " + b.shape());
        }
        String out = n.output(0);
        boolean rowA = a.type().rank() == 1;
        boolean colB = b.type().rank() == 1;
        if (rowA) {
            a = ctx.emitTemp(n, new Reshape(new long[] {1, a.shape().size(0)}), List.of(a), out + "/a_row");
        }
        if (colB) {
            b = ctx.emitTemp(n, new Reshape(new long[] {b.shape().size(0), 1}), List.of(b), out + "/b_col");
        }
        if (!rowA && !colB) {
            ctx.emit(n, new MatMul(), List.of(a, b), out);
            return;
        }
        Value y = ctx.emitTemp(n, new MatMul(), List.of(a, b), out + "/matmul");
        long[] dims = y.shape().toLongArray();
        List<Long> keep = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            boolean dropM = rowA && i == dims.length - 2;
            boolean dropN = colB && i == dims.length - 1;
            if (!dropM && !dropN) {
                keep.add(dims[i]);
            }
        }
        ctx.emit(n, new Reshape(keep.stream().mapToLong(Long::longValue).toArray()), List.of(y), out);
    }
}
