package dev.mnc.passes;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Shape;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Reshape;
import dev.mnc.ir.ops.Transpose;
import dev.mnc.passes.pattern.RewriteRule;
import dev.mnc.passes.pattern.Rewriter;
import java.util.List;
import java.util.Optional;

/**
 * The peephole cleanup {@link LayoutNhwc} ends with, so that the transposes it had to add at
 * boundaries and around reshapes cost as little as possible:
 * transpose(transpose(x, A), B) = transpose(x, A then B), dropped when that is the identity; a
 * transpose that moves only size-1 axes keeps the memory order, so it is a reshape;
 * reshape(reshape(x)) = reshape(x); a reshape to the input's own shape is dropped (unless that
 * would merge a graph output into a graph input).
 */
final class TransposeCleanup {
    private TransposeCleanup() {}

    static void run(Graph g, PassResult.Builder result) {
        Rewriter.toFixedPoint(g, result, List.of(new TransposePair(), new TrivialTranspose(), new ReshapePair(),
                new NoopReshape()));
    }

    private abstract static class OnOp<T> implements RewriteRule<Node> {
        private final Class<T> type;

        OnOp(Class<T> type) {
            this.type = type;
        }

        @Override
        public Optional<Node> match(Node n) {
            return type.isInstance(n.op()) && applies(n) ? Optional.of(n) : Optional.empty();
        }

        abstract boolean applies(Node n);
    }

    private static final class TransposePair extends OnOp<Transpose> {
        TransposePair() {
            super(Transpose.class);
        }

        @Override
        boolean applies(Node n) {
            Node p = n.input(0).producer();
            return p != null && p.op() instanceof Transpose;
        }

        @Override
        public RewriteEvent rewrite(Node n, Graph g) {
            Node inner = n.input(0).producer();
            int[] perm = LayoutNhwc.compose(((Transpose) inner.op()).perm(), ((Transpose) n.op()).perm());
            Value x = inner.input(0);
            if (LayoutNhwc.isIdentity(perm)) {
                if (g.isGraphOutput(n.output()) && (g.isGraphInput(x) || g.isGraphOutput(x))) {
                    return RewriteEvent.skipped(n, "it would merge graph output %" + n.output().name() + " into %"
                            + x.name());
                }
                GraphEdits.replace(g, n, x);
                return RewriteEvent.applied(n, "cancelled the transpose before it");
            }
            Node merged = g.addNode(new Transpose(perm), List.of(x), List.of(GraphEdits.replacementName(n.output())),
                    n.origin());
            GraphEdits.replace(g, n, merged.output());
            return RewriteEvent.applied(n, "composed with the transpose before it");
        }
    }

    private static final class TrivialTranspose extends OnOp<Transpose> {
        TrivialTranspose() {
            super(Transpose.class);
        }

        @Override
        boolean applies(Node n) {
            Shape s = n.input(0).shape();
            int last = -1;
            for (int p : ((Transpose) n.op()).perm()) {
                if (!s.dim(p).isStatic() || s.size(p) != 1) {
                    if (p < last) {
                        return false;
                    }
                    last = p;
                }
            }
            return n.output().shape().isStatic();
        }

        @Override
        public RewriteEvent rewrite(Node n, Graph g) {
            Node r = g.addNode(new Reshape(n.output().shape().toLongArray()), List.of(n.input(0)),
                    List.of(GraphEdits.replacementName(n.output())), n.origin());
            GraphEdits.replace(g, n, r.output());
            return RewriteEvent.applied(n, "moves only size-1 axes; became a reshape");
        }
    }

    private static final class ReshapePair extends OnOp<Reshape> {
        ReshapePair() {
            super(Reshape.class);
        }

        @Override
        boolean applies(Node n) {
            Node p = n.input(0).producer();
            return p != null && p.op() instanceof Reshape;
        }

        @Override
        public RewriteEvent rewrite(Node n, Graph g) {
            Node inner = n.input(0).producer();
            Value x = inner.input(0);
            n.setInput(0, x);
            if (inner.output().users().isEmpty() && !g.isGraphOutput(inner.output())) {
                GraphEdits.removeWithDeadInputs(g, inner);
            }
            return RewriteEvent.applied(n, "now reshapes %" + x.name() + " directly");
        }
    }

    private static final class NoopReshape extends OnOp<Reshape> {
        NoopReshape() {
            super(Reshape.class);
        }

        @Override
        boolean applies(Node n) {
            return n.input(0).shape().equals(n.output().shape());
        }

        @Override
        public RewriteEvent rewrite(Node n, Graph g) {
            Value x = n.input(0);
            if (g.isGraphOutput(n.output()) && (g.isGraphInput(x) || x.isConstant() || g.isGraphOutput(x))) {
                return RewriteEvent.skipped(n, "it would merge graph output %" + n.output().name() + " into %"
                        + x.name());
            }
            GraphEdits.replace(g, n, x);
            return RewriteEvent.applied(n, "reshapes to the shape it has; dropped");
        }
    }
}
