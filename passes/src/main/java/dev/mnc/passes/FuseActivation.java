package dev.mnc.passes;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.Op;
import dev.mnc.ir.ops.Relu;
import dev.mnc.passes.pattern.RewriteRule;
import dev.mnc.passes.pattern.Rewriter;
import java.util.List;
import java.util.Optional;

/**
 * {@code fuse-activation}: moves a relu or an activation-shaped clip into the {@code act}
 * attribute of the conv2d (depthwise included), conv_transpose2d, fully_connected or
 * add/sub/mul/div that produces its input, as TFLite fuses them (TRANSPOSE_CONV from its
 * version 4).
 *
 * <pre>
 * Before:
 *   %c = conv2d(%x, @w, @b) {layout=nhwc}
 *   %y = clip(%c) {min=0, max=6}
 *   %t = conv_transpose2d(%y, @v, @bt) {strides=[2,2], layout=nhwc}
 *   %z = relu(%t)
 * After:
 *   %c = conv2d(%x, @w, @b) {act=relu6, layout=nhwc}      # readers of %y read %c
 *   %t = conv_transpose2d(%c, @v, @bt) {strides=[2,2], act=relu, layout=nhwc}   # readers of %z read %t
 * </pre>
 *
 * <p>Applies when: the activation is relu, clip(0, 6) (relu6), clip(0, inf) (relu) or clip(-1, 1)
 * (relu_n1_to_1); its input comes from a conv2d, conv_transpose2d, fully_connected, add, sub, mul
 * or div with act none; the value is f32 and has no other reader. Math: act(y) = min(max(y, lo),
 * hi), applied by the producer before it stores y (a conv_transpose2d once all its scattered
 * contributions are summed).
 *
 * <p>Skips when: the clip bounds have no fused form (clip(0, 4) stays a clip); the producer
 * already has a fused activation; the producer's output has another reader or is a graph
 * output (that reader needs the value before the activation); the value is not f32 (quantized
 * graphs carry activation ranges in their quantization parameters).
 */
public final class FuseActivation implements Pass {
    private static final PassInfo INFO = PassInfo.of("fuse-activation",
            "fuses relu, relu6 and relu_n1_to_1 into conv2d, conv_transpose2d, fully_connected and add/sub/mul/div");

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
            if (!(n.op() instanceof Relu || n.op() instanceof Clip)) {
                return Optional.empty();
            }
            Node p = n.input(0).producer();
            return p != null && fusable(p.op()) ? Optional.of(n) : Optional.empty();
        }

        @Override
        public RewriteEvent rewrite(Node n, Graph g) {
            Activation act = n.op() instanceof Clip c ? Activation.forBounds(c.min(), c.max()) : Activation.RELU;
            if (act == null) {
                Clip c = (Clip) n.op();
                return RewriteEvent.skipped(n, "clip [" + GraphEdits.num(c.min()) + ", " + GraphEdits.num(c.max())
                        + "] is not relu, relu6 or relu_n1_to_1");
            }
            Value y = n.input(0);
            Node p = y.producer();
            Activation current = activation(p.op());
            if (current != Activation.NONE) {
                return RewriteEvent.skipped(n, p.describe() + " already has fused activation " + current.text());
            }
            if (!GraphEdits.singleUse(g, y)) {
                return RewriteEvent.skipped(n, p.op().name() + " output " + GraphEdits.useReason(g, y));
            }
            if (y.dtype() != DType.F32) {
                return RewriteEvent.skipped(n, "%" + y.name() + " is " + y.dtype() + ", not f32");
            }
            String into = p.describe();
            p.setOp(withActivation(p.op(), act));
            p.addOrigin(n.origin());
            g.replaceAllUses(n.output(), y);
            g.removeNode(n);
            return RewriteEvent.applied(n, "fused as act=" + act.text() + " into " + into);
        }
    }

    private static boolean fusable(Op op) {
        return op instanceof Conv2d || op instanceof ConvTranspose2d || op instanceof FullyConnected
                || op instanceof Binary;
    }

    private static Activation activation(Op op) {
        if (op instanceof Conv2d c) {
            return c.activation();
        }
        if (op instanceof ConvTranspose2d c) {
            return c.activation();
        }
        if (op instanceof FullyConnected f) {
            return f.activation();
        }
        return ((Binary) op).activation();
    }

    private static Op withActivation(Op op, Activation a) {
        if (op instanceof Conv2d c) {
            return c.withActivation(a);
        }
        if (op instanceof ConvTranspose2d c) {
            return c.withActivation(a);
        }
        if (op instanceof FullyConnected f) {
            return f.withActivation(a);
        }
        return ((Binary) op).withActivation(a);
    }
}
