package dev.mnc.passes;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.passes.pattern.RewriteRule;
import dev.mnc.passes.pattern.Rewriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code fold-constants}: replaces a node whose inputs are all constants by the constant it
 * computes, so shape-computing chains and weight reshapes disappear from the graph.
 *
 * <pre>
 * Before:
 *   %s = reshape(@w) {shape=[8,1,1]}
 *   %y = mul(%x, %s)
 * After:
 *   %y = mul(%x, @s)        # @s: f32[8,1,1], the reshaped data
 * </pre>
 *
 * <p>Applies when: every input is a constant and a {@link ConstantEvaluator} handles the op. The
 * built-in one, {@link DataMovementEvaluator}, evaluates the ops that only move data (reshape,
 * transpose, slice, gather, concat, cast, pad, identity). Arithmetic on constants ({@code add},
 * {@code mul}, ...) folds through the runtime's kernels, plugged in as another evaluator through
 * {@link #FoldConstants(List)}, so that mnc computes every number with one set of kernels. Math:
 * the op's own semantics; the folded constant takes the node's output name.
 *
 * <p>Skips when: no evaluator handles the op (the skip names it).
 */
public final class FoldConstants implements Pass {
    private static final PassInfo INFO = PassInfo.of("fold-constants",
            "evaluates nodes whose inputs are all constants (data-movement ops)");

    private final List<ConstantEvaluator> evaluators;

    /** Folds data-movement ops only. */
    public FoldConstants() {
        this(List.of(new DataMovementEvaluator()));
    }

    /** Folds every op one of {@code evaluators} handles, asked in order. */
    public FoldConstants(List<ConstantEvaluator> evaluators) {
        this.evaluators = List.copyOf(evaluators);
    }

    @Override
    public PassInfo info() {
        return INFO;
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        PassResult.Builder result = PassResult.builder(INFO.name());
        if (Rewriter.toFixedPoint(graph, result, List.of(new Rule())) > 0) {
            // A folded transpose's output carried a layout; the constant replacing it carries none.
            graph.inferTypes();
        }
        return result.build();
    }

    private final class Rule implements RewriteRule<Node> {
        @Override
        public Optional<Node> match(Node n) {
            if (n.numInputs() == 0) {
                return Optional.empty();
            }
            for (Value v : n.inputs()) {
                if (!v.isConstant()) {
                    return Optional.empty();
                }
            }
            return Optional.of(n);
        }

        @Override
        public RewriteEvent rewrite(Node n, Graph g) {
            List<TensorData> in = new ArrayList<>();
            for (Value v : n.inputs()) {
                in.add(v.data());
            }
            Optional<List<TensorData>> out = Optional.empty();
            try {
                for (ConstantEvaluator e : evaluators) {
                    out = e.evaluate(n.op(), in);
                    if (out.isPresent()) {
                        break;
                    }
                }
            } catch (MncException e) {
                throw e.within(n.describe());
            }
            if (out.isEmpty()) {
                return RewriteEvent.skipped(n, "no constant evaluator handles " + n.op().name()
                        + "; arithmetic folds through the runtime's kernels");
            }
            List<TensorData> data = out.get();
            for (int i = 0; i < n.outputs().size(); i++) {
                Value o = n.outputs().get(i);
                TensorData d = data.get(i);
                if (d.dtype() != o.dtype() || !d.shape().equals(o.shape())) {
                    throw new IllegalStateException("folding " + n.describe() + " gave " + d.dtype() + d.shape()
                            + " for " + o.type());
                }
            }
            List<String> names = new ArrayList<>();
            List<Value> constants = new ArrayList<>();
            for (int i = 0; i < n.outputs().size(); i++) {
                Value o = n.outputs().get(i);
                Value c = g.addConstant(o.name() + ".folded", data.get(i));
                c.setQuant(o.quant());
                names.add(o.name());
                constants.add(c);
                g.replaceAllUses(o, c);
            }
            GraphEdits.removeWithDeadInputs(g, n);
            for (int i = 0; i < constants.size(); i++) {
                if (g.value(names.get(i)).isEmpty()) {
                    g.rename(constants.get(i), names.get(i));
                }
            }
            return RewriteEvent.applied(n, "folded into constant @" + constants.get(0).name());
        }
    }
}
