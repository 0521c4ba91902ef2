package dev.mnc.passes;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.AvgPool2d;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.MaxPool2d;
import dev.mnc.ir.ops.Op;
import dev.mnc.ir.ops.Pad;
import dev.mnc.passes.pattern.RewriteRule;
import dev.mnc.passes.pattern.Rewriter;
import java.util.List;
import java.util.Optional;

/**
 * {@code fold-pad}: merges an explicit constant {@code pad} of the spatial axes into the pads of
 * the conv2d or pooling that reads it (TensorFlow-exported MobileNets pad before each strided
 * conv).
 *
 * <pre>
 * Before:
 *   %p = pad(%x) {pads=[0,0,1,1,0,0,1,1]}
 *   %y = conv2d(%p, @w) {strides=[2,2], layout=nchw}
 * After:
 *   %y = conv2d(%x, @w) {strides=[2,2], pads=[1,1,1,1], layout=nchw}
 * </pre>
 *
 * <p>Applies when: the pad is constant-mode, pads only the consumer's H and W axes (as its
 * layout places them), and its fill equals what the consumer's own padding reads: 0 for conv2d;
 * -inf for max_pool2d; 0 for avg_pool2d, which then counts padded taps in its divisor
 * (count_include_pad = true), exact only if the pool already did so or had no pads of its own.
 * Math: the consumer reads x through pads[top,left,bottom,right] + the pad's [hb, wb, he, we]; a
 * window over explicit zeros equals one over implicit padding. The pad node goes once no
 * other node reads it.
 *
 * <p>Skips when: reflect or edge mode; a pad on the batch or channel axis; a fill value the
 * consumer's padding does not read (0 before max_pool2d, non-zero before conv2d); an avg_pool2d
 * that has its own pads and excludes padding from its divisor.
 */
public final class FoldPad implements Pass {
    private static final PassInfo INFO = PassInfo.of("fold-pad",
            "merges a constant spatial pad into the pads of the following conv2d or pooling");

    @Override
    public PassInfo info() {
        return INFO;
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        PassResult.Builder result = PassResult.builder(INFO.name());
        Rewriter.toFixedPoint(graph, result, List.of(new Rule()));
        return result.build();
    }

    private static final class Rule implements RewriteRule<Node> {
        @Override
        public Optional<Node> match(Node n) {
            Op op = n.op();
            boolean consumer = op instanceof Conv2d || op instanceof MaxPool2d || op instanceof AvgPool2d;
            Node p = n.numInputs() > 0 ? n.input(0).producer() : null;
            return consumer && p != null && p.op() instanceof Pad ? Optional.of(n) : Optional.empty();
        }

        @Override
        public RewriteEvent rewrite(Node n, Graph g) {
            Node padNode = n.input(0).producer();
            Pad pad = (Pad) padNode.op();
            Op op = n.op();
            Layout layout = layout(op);
            if (pad.mode() != Pad.Mode.CONSTANT) {
                return RewriteEvent.skipped(n, "the pad is " + pad.mode().text() + "-mode, not constant");
            }
            if (pad.pads().length != 8) {
                return RewriteEvent.skipped(n, "the pad is not rank 4");
            }
            int c = layout.channelAxis();
            if (pad.begin(0) != 0 || pad.end(0) != 0 || pad.begin(c) != 0 || pad.end(c) != 0) {
                return RewriteEvent.skipped(n, "the pad widens the batch or channel axis");
            }
            int h = layout.heightAxis();
            int w = layout.widthAxis();
            int[] extra;
            try {
                extra = new int[] {Math.toIntExact(pad.begin(h)), Math.toIntExact(pad.begin(w)),
                    Math.toIntExact(pad.end(h)), Math.toIntExact(pad.end(w))};
            } catch (ArithmeticException e) {
                return RewriteEvent.skipped(n, "the pad is too wide");
            }
            float fill = pad.value();
            Op merged;
            if (op instanceof Conv2d conv) {
                if (fill != 0) {
                    return RewriteEvent.skipped(n, "the pad fills with " + GraphEdits.num(fill) + "; conv2d pads with 0");
                }
                merged = conv.withPads(add(conv.pads(), extra));
            } else if (op instanceof MaxPool2d mp) {
                if (fill != Float.NEGATIVE_INFINITY) {
                    return RewriteEvent.skipped(n, "the pad fills with " + GraphEdits.num(fill)
                            + "; max_pool2d padding never wins (-inf)");
                }
                merged = new MaxPool2d(mp.kernel(), mp.strides(), add(mp.pads(), extra), mp.layout());
            } else {
                AvgPool2d ap = (AvgPool2d) op;
                if (fill != 0) {
                    return RewriteEvent.skipped(n, "the pad fills with " + GraphEdits.num(fill)
                            + "; avg_pool2d padding reads 0");
                }
                if (!ap.countIncludePad() && !allZero(ap.pads())) {
                    return RewriteEvent.skipped(n, "avg_pool2d has its own pads and excludes them from its divisor");
                }
                merged = new AvgPool2d(ap.kernel(), ap.strides(), add(ap.pads(), extra), true, ap.layout());
            }
            Value x = padNode.input(0);
            n.setInput(0, x);
            n.setOp(merged);
            n.addOrigin(padNode.origin());
            if (padNode.output().users().isEmpty() && !g.isGraphOutput(padNode.output())) {
                GraphEdits.removeWithDeadInputs(g, padNode);
            }
            return RewriteEvent.applied(n, "merged pad " + padNode.describe() + " into its pads");
        }
    }

    private static Layout layout(Op op) {
        if (op instanceof Conv2d c) {
            return c.layout();
        }
        if (op instanceof MaxPool2d m) {
            return m.layout();
        }
        return ((AvgPool2d) op).layout();
    }

    private static int[] add(int[] a, int[] b) {
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            out[i] = Math.addExact(a[i], b[i]);
        }
        return out;
    }

    private static boolean allZero(int[] a) {
        for (int v : a) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }
}
