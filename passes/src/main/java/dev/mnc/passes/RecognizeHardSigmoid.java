package dev.mnc.passes;

import static dev.mnc.passes.pattern.Pattern.constant;
import static dev.mnc.passes.pattern.Pattern.op;
import static dev.mnc.passes.pattern.Pattern.value;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.HardSigmoid;
import dev.mnc.passes.pattern.Match;
import dev.mnc.passes.pattern.Pattern;
import dev.mnc.passes.pattern.RewriteRule;
import dev.mnc.passes.pattern.Rewriter;
import java.util.List;
import java.util.Optional;

/**
 * {@code recognize-hard-sigmoid}: finds hard sigmoid spelled with primitive ops and replaces it
 * by one {@code hard_sigmoid} node.
 *
 * <pre>
 * Before:
 *   %a = add(%x, @three)              # 3
 *   %c = clip(%a) {min=0, max=6}
 *   %h = div(%c, @six)                # 6
 * After:
 *   %h = hard_sigmoid(%x) {alpha=0.16666667, beta=0.5}
 * </pre>
 *
 * <p>Applies when, with single-element constants and intermediates read only inside the pattern:
 * <ul>
 * <li>clip(x + c, 0, k) / k or clip(x + c, 0, k) * m with m = 1/k (PyTorch's relu6(x+3)/6):
 *     alpha = 1/k, beta = c/k;</li>
 * <li>clip(x * a + b, 0, 1) (either operand order): alpha = a, beta = b;</li>
 * <li>clip((x + c) * a, 0, 1) or clip((x + c) / d, 0, 1): alpha = a (1/d), beta = c * alpha.</li>
 * </ul>
 * Math: hard_sigmoid(x) = max(0, min(1, alpha * x + beta)), and
 * clip(x + c, 0, k) / k = clip((x + c) / k, 0, 1) for k &gt; 0.
 *
 * <p>Skips when: a constant has more than one element or is not f32; the divisor (or 1/factor)
 * differs from the clip's upper bound; the clip's lower bound is not 0; the bound k is not
 * positive; an intermediate value has another reader.
 */
public final class RecognizeHardSigmoid implements Pass {
    private static final PassInfo INFO = PassInfo.of("recognize-hard-sigmoid",
            "replaces clip(x+3,0,6)/6 and clip(a*x+b,0,1) spellings by hard_sigmoid");

    private static final Pattern SHIFTED_CLIP = op("clip", op("add", value("x"), constant("c")).commutative()).as("clip");

    @Override
    public PassInfo info() {
        return INFO;
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        PassResult.Builder result = PassResult.builder(INFO.name());
        Rewriter.toFixedPoint(graph, result, List.of(
                RewriteRule.of(op("div", SHIFTED_CLIP, constant("k")), (m, g) -> clipThenScale(m, g, true)),
                RewriteRule.of(op("mul", SHIFTED_CLIP, constant("k")).commutative(),
                        (m, g) -> clipThenScale(m, g, false)),
                RewriteRule.of(op("clip", op("add", op("mul", value("x"), constant("a")).commutative(), constant("b"))
                        .commutative()).as("clip"), (m, g) -> unitClip(m, g, Order.SCALE_THEN_SHIFT)),
                RewriteRule.of(op("clip", op("mul", op("add", value("x"), constant("b")).commutative(), constant("a"))
                        .commutative()).as("clip"), (m, g) -> unitClip(m, g, Order.SHIFT_THEN_SCALE)),
                RewriteRule.of(op("clip", op("div", op("add", value("x"), constant("b")).commutative(), constant("a")))
                        .as("clip"), (m, g) -> unitClip(m, g, Order.SHIFT_THEN_DIVIDE))));
        return result.build();
    }

    private enum Order { SCALE_THEN_SHIFT, SHIFT_THEN_SCALE, SHIFT_THEN_DIVIDE }

    /** clip(x + c, 0, k) / k, or * (1/k). */
    private static RewriteEvent clipThenScale(Match m, Graph g, boolean divide) {
        Node root = m.root();
        Optional<String> bad = GraphEdits.scalarsReason(m, "c", "k").or(() -> binaryHasAct(m));
        if (bad.isPresent()) {
            return RewriteEvent.skipped(root, bad.get());
        }
        Clip clip = (Clip) m.node("clip").op();
        double c = m.constant("c").getDouble(0);
        double k = m.constant("k").getDouble(0);
        double divisor = divide ? k : 1 / k;
        if (clip.min() != 0) {
            return RewriteEvent.skipped(root, "clip lower bound is " + GraphEdits.num(clip.min()) + ", not 0");
        }
        if (!(clip.max() > 0) || Float.isInfinite(clip.max())) {
            return RewriteEvent.skipped(root, "clip upper bound " + GraphEdits.num(clip.max()) + " is not positive and finite");
        }
        if (!GraphEdits.near(divisor, clip.max())) {
            return RewriteEvent.skipped(root, (divide ? "divisor " + GraphEdits.num(k) : "factor " + GraphEdits.num(k))
                    + " does not normalize clip upper bound " + GraphEdits.num(clip.max()));
        }
        double alpha = 1 / (double) clip.max();
        return replace(m, g, alpha, c * alpha);
    }

    /** clip(affine(x), 0, 1). */
    private static RewriteEvent unitClip(Match m, Graph g, Order order) {
        Node root = m.root();
        Optional<String> bad = GraphEdits.scalarsReason(m, "a", "b").or(() -> binaryHasAct(m));
        if (bad.isPresent()) {
            return RewriteEvent.skipped(root, bad.get());
        }
        Clip clip = (Clip) root.op();
        if (clip.min() != 0 || clip.max() != 1) {
            return RewriteEvent.skipped(root, "clip [" + GraphEdits.num(clip.min()) + ", " + GraphEdits.num(clip.max())
                    + "] is not [0, 1]");
        }
        double a = m.constant("a").getDouble(0);
        double b = m.constant("b").getDouble(0);
        return switch (order) {
            case SCALE_THEN_SHIFT -> replace(m, g, a, b);
            case SHIFT_THEN_SCALE -> replace(m, g, a, b * a);
            case SHIFT_THEN_DIVIDE -> a == 0 ? RewriteEvent.skipped(root, "divides by zero")
                    : replace(m, g, 1 / a, b / a);
        };
    }

    private static Optional<String> binaryHasAct(Match m) {
        for (Node n : m.covered()) {
            if (n.op() instanceof Binary b && b.activation() != Activation.NONE) {
                return Optional.of(n.describe() + " has fused activation " + b.activation().text());
            }
        }
        return Optional.empty();
    }

    private static RewriteEvent replace(Match m, Graph g, double alpha, double beta) {
        Node root = m.root();
        Optional<String> multi = m.multiUse(g);
        if (multi.isPresent()) {
            return RewriteEvent.skipped(root, multi.get());
        }
        Value x = m.value("x");
        HardSigmoid hs = new HardSigmoid((float) alpha, (float) beta);
        Node n = g.addNode(hs, List.of(x), List.of(GraphEdits.replacementName(root.output())), root.origin());
        for (Node i : m.interior()) {
            n.addOrigin(i.origin());
        }
        GraphEdits.replace(g, root, n.output());
        return RewriteEvent.applied(root, "replaced by hard_sigmoid(alpha=" + hs.alpha() + ", beta=" + hs.beta() + ")");
    }
}
