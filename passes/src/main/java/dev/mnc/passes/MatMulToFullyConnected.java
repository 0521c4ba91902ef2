package dev.mnc.passes;

import static dev.mnc.passes.pattern.Pattern.constant;
import static dev.mnc.passes.pattern.Pattern.op;
import static dev.mnc.passes.pattern.Pattern.value;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.passes.pattern.Match;
import dev.mnc.passes.pattern.RewriteRule;
import dev.mnc.passes.pattern.Rewriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code matmul-to-fully-connected}: turns a matmul by a constant matrix into fully_connected
 * (TFLite's FULLY_CONNECTED, weights [O,K]) and a following add of a constant vector into its
 * bias.
 *
 * <pre>
 * Before:
 *   %m = matmul(%x, @w)          # x [N,K], w [K,O]
 *   %y = add(%m, @b)             # b [O]
 * After:
 *   %y = fully_connected(%x, @w.t, @b.fold)     # w.t [O,K]
 * </pre>
 *
 * <p>Applies when: the matmul's input is a matrix [N,K] and its weight a constant [K,O]; an add
 * (either operand order) of an f32 constant that varies only along the last axis ([O], [1,O] or a
 * scalar) follows a fully_connected without fused activation whose output it alone reads (the
 * add's own fused activation moves to the fully_connected, which applies it after the bias). Math:
 * y[n,o] = sum_k x[n,k] * w[k,o] = sum_k x[n,k] * wT[o,k]; a bias already there adds:
 * b' = b + c (in double).
 *
 * <p>Skips when: the matmul's input has rank other than 2 (fully_connected takes [N,K]); the
 * fully_connected has a fused activation or its output has another reader; the constant broadcasts
 * the output or varies along the batch axis; the weight is not f32.
 */
public final class MatMulToFullyConnected implements Pass {
    private static final PassInfo INFO = PassInfo.of("matmul-to-fully-connected",
            "turns matmul by a constant [K,O] (+ add of a bias) into fully_connected");

    @Override
    public PassInfo info() {
        return INFO;
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        PassResult.Builder result = PassResult.builder(INFO.name());
        Rewriter.toFixedPoint(graph, result, List.of(
                RewriteRule.of(op("matmul", value("x"), constant("w")), MatMulToFullyConnected::toFullyConnected),
                RewriteRule.of(op("add", op("fully_connected").as("fc"), constant("c")).commutative(),
                        MatMulToFullyConnected::intoBias)));
        return result.build();
    }

    private static RewriteEvent toFullyConnected(Match m, Graph g) {
        Node mm = m.root();
        Value x = m.value("x");
        Value w = m.value("w");
        if (x.type().rank() != 2 || w.type().rank() != 2) {
            return RewriteEvent.skipped(mm, "input " + x.shape() + " and weight " + w.shape()
                    + " are not both matrices; fully_connected takes [N,K] x [K,O]");
        }
        if (w.dtype() != DType.F32) {
            return RewriteEvent.skipped(mm, "weight @" + w.name() + " is " + w.dtype() + ", not f32");
        }
        TensorData wt = DataMovementEvaluator.transpose(w.data(), new int[] {1, 0});
        Value wtc = g.addConstant(w.name() + ".t", wt);
        Node fc = g.addNode(new FullyConnected(Activation.NONE), List.of(x, wtc),
                List.of(GraphEdits.replacementName(mm.output())), mm.origin());
        GraphEdits.replace(g, mm, fc.output());
        return RewriteEvent.applied(mm, "replaced by fully_connected with weight @" + wtc.name());
    }

    private static RewriteEvent intoBias(Match m, Graph g) {
        Node add = m.root();
        Node fc = m.node("fc");
        Value c = m.value("c");
        FullyConnected op = (FullyConnected) fc.op();
        Activation act = ((Binary) add.op()).activation();
        if (op.activation() != Activation.NONE) {
            return RewriteEvent.skipped(add, fc.describe() + " has fused activation " + op.activation().text());
        }
        if (!GraphEdits.singleUse(g, fc.output())) {
            return RewriteEvent.skipped(add, "fully_connected output " + GraphEdits.useReason(g, fc.output()));
        }
        Shape out = fc.output().shape();
        if (c.dtype() != DType.F32 || !add.output().shape().equals(out)) {
            return RewriteEvent.skipped(add, "constant @" + c.name() + " " + c.type() + " is not an f32 vector over "
                    + out);
        }
        Optional<double[]> v = FoldBatchNorm.perChannel(c.data(), out, 1);
        if (v.isEmpty()) {
            return RewriteEvent.skipped(add, "constant @" + c.name() + " " + c.shape() + " varies along the batch axis");
        }
        double[] bias = v.get();
        Value old = fc.numInputs() > 2 ? fc.input(2) : null;
        if (old != null) {
            if (!old.isConstant() || old.dtype() != DType.F32) {
                return RewriteEvent.skipped(add, "fully_connected bias %" + old.name() + " is not an f32 constant");
            }
            for (int o = 0; o < bias.length; o++) {
                bias[o] += old.data().floats()[o];
            }
        }
        Optional<TensorData> data = GraphEdits.finiteFloats(Shape.of(bias.length), bias);
        if (data.isEmpty()) {
            return RewriteEvent.skipped(add, "the summed bias is not a finite float");
        }
        String into = fc.describe();
        Value nb = g.addConstant((old != null ? old.name() : c.name()) + ".fold", data.get());
        List<Value> ins = new ArrayList<>(fc.inputs().subList(0, 2));
        ins.add(nb);
        fc.setInputs(ins);
        fc.setOp(op.withActivation(act));
        fc.addOrigin(add.origin());
        GraphEdits.replace(g, add, fc.output());
        GraphEdits.dropUnused(g, old);
        return RewriteEvent.applied(add, "folded into the bias of " + into);
    }
}
