package dev.mnc.passes;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Cast;
import dev.mnc.ir.ops.Identity;
import dev.mnc.ir.ops.Reshape;
import dev.mnc.ir.ops.Transpose;
import dev.mnc.passes.pattern.RewriteRule;
import dev.mnc.passes.pattern.Rewriter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code remove-identity}: removes nodes that return their input unchanged: {@code identity}
 * (ONNX Identity and inference-mode Dropout import as it), a {@code transpose} whose permutation
 * moves nothing, a {@code reshape} to the shape its input already has, a {@code cast} to the type
 * its input already has.
 *
 * <pre>
 * Before:
 *   %d = identity(%c)
 *   %y = relu(%d)
 * After:
 *   %y = relu(%c)
 * </pre>
 *
 * <p>Applies when: the node's output has the input's element type, shape and quantization.
 * Readers then read the input; a graph output keeps its name (the input's value is renamed).
 * Math: y = x. Afterwards types are re-inferred, since a reshape's output carries no layout.
 *
 * <p>Skips when: the node connects a graph input (or constant, or another graph output) straight
 * to a graph output: removing it would merge two names of the model's interface.
 */
public final class RemoveIdentity implements Pass {
    private static final PassInfo INFO = PassInfo.of("remove-identity",
            "removes identity and dropout nodes, no-op transposes, reshapes and casts");

    @Override
    public PassInfo info() {
        return INFO;
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        PassResult.Builder result = PassResult.builder(INFO.name());
        if (Rewriter.toFixedPoint(graph, result, List.of(new Rule())) > 0) {
            graph.inferTypes();
        }
        return result.build();
    }

    private static final class Rule implements RewriteRule<Node> {
        @Override
        public Optional<Node> match(Node n) {
            if (n.numInputs() != 1 || n.outputs().size() != 1) {
                return Optional.empty();
            }
            Value in = n.input(0);
            Value out = n.output();
            boolean noop = n.op() instanceof Identity
                    || n.op() instanceof Transpose t && t.isIdentity()
                    || n.op() instanceof Reshape && in.shape().equals(out.shape())
                    || n.op() instanceof Cast c && c.to() == in.dtype();
            boolean sameValue = in.dtype() == out.dtype() && in.shape().equals(out.shape())
                    && Objects.equals(in.quant(), out.quant());
            return noop && sameValue ? Optional.of(n) : Optional.empty();
        }

        @Override
        public RewriteEvent rewrite(Node n, Graph g) {
            Value in = n.input(0);
            Value out = n.output();
            if (g.isGraphOutput(out) && (g.isGraphInput(in) || in.isConstant() || g.isGraphOutput(in))) {
                return RewriteEvent.skipped(n, "it connects %" + in.name() + " to graph output %" + out.name()
                        + "; removing it would merge two names of the model's interface");
            }
            g.replaceAllUses(out, in);
            GraphEdits.removeWithDeadInputs(g, n);
            return RewriteEvent.applied(n, "readers now read %" + in.name());
        }
    }
}
