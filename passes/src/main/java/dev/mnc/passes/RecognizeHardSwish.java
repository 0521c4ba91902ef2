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
import dev.mnc.ir.ops.HardSwish;
import dev.mnc.passes.pattern.Match;
import dev.mnc.passes.pattern.Pattern;
import dev.mnc.passes.pattern.RewriteRule;
import dev.mnc.passes.pattern.Rewriter;
import java.util.List;
import java.util.Optional;

/**
 * {@code recognize-hard-swish}: finds MobileNetV3's hard swish spelled with primitive ops and
 * replaces it by one {@code hard_swish} node (TFLite's HARD_SWISH).
 *
 * <pre>
 * Before (PyTorch and PaddleOCR export: Add -> Clip -> Mul -> Div):
 *   %a = add(%x, @three)
 *   %c = clip(%a) {min=0, max=6}
 *   %m = mul(%x, %c)
 *   %y = div(%m, @six)
 * After:
 *   %y = hard_swish(%x)
 * </pre>
 *
 * <p>Applies when, with single-element constants (3 and 6 or 1/6 within float rounding),
 * clip bounds exactly [0, 6], no fused activation inside, and every intermediate read only inside
 * the pattern, one of these holds (each product and sum in either operand order):
 * <ul>
 * <li>(x * clip(x + 3, 0, 6)) / 6, or * (1/6);</li>
 * <li>x * (clip(x + 3, 0, 6) / 6), or * (clip(x + 3, 0, 6) * (1/6));</li>
 * <li>x * hard_sigmoid(x) with alpha = 1/6 and beta = 0.5.</li>
 * </ul>
 * Math: hard_swish(x) = x * min(max(x + 3, 0), 6) / 6 = x * hard_sigmoid(x; 1/6, 1/2).
 *
 * <p>Skips when: a constant is not 3 or 6 (1/6) or not a single f32 value; the clip is not
 * [0, 6]; the hard_sigmoid has other alpha or beta (PaddleOCR's 0.2/0.5 is not hard swish);
 * an intermediate has another reader (it would have to be computed anyway).
 */
public final class RecognizeHardSwish implements Pass {
    private static final PassInfo INFO = PassInfo.of("recognize-hard-swish",
            "replaces x*clip(x+3,0,6)/6 and x*hard_sigmoid(x) spellings by hard_swish");

    private static final Pattern RELU6_X_PLUS_3 =
            op("clip", op("add", value("x"), constant("three")).commutative()).as("clip");

    @Override
    public PassInfo info() {
        return INFO;
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        PassResult.Builder result = PassResult.builder(INFO.name());
        Pattern xTimesRelu6 = op("mul", value("x"), RELU6_X_PLUS_3).commutative();
        Rewriter.toFixedPoint(graph, result, List.of(
                RewriteRule.of(op("div", xTimesRelu6, constant("six")), (m, g) -> primitive(m, g, 6)),
                RewriteRule.of(op("mul", xTimesRelu6, constant("six")).commutative(), (m, g) -> primitive(m, g, 1.0 / 6)),
                RewriteRule.of(op("mul", value("x"), op("div", RELU6_X_PLUS_3, constant("six"))).commutative(),
                        (m, g) -> primitive(m, g, 6)),
                RewriteRule.of(op("mul", value("x"), op("mul", RELU6_X_PLUS_3, constant("six")).commutative())
                        .commutative(), (m, g) -> primitive(m, g, 1.0 / 6)),
                RewriteRule.of(op("mul", value("x"), op("hard_sigmoid", value("x")).as("hs")).commutative(),
                        RecognizeHardSwish::fromHardSigmoid)));
        return result.build();
    }

    /** The clip forms; {@code scale} is what the "six" constant must be (6 to divide, 1/6 to multiply). */
    private static RewriteEvent primitive(Match m, Graph g, double scale) {
        Node root = m.root();
        Optional<String> bad = GraphEdits.scalarsReason(m, "three", "six");
        if (bad.isPresent()) {
            return RewriteEvent.skipped(root, bad.get());
        }
        double three = m.constant("three").getDouble(0);
        double six = m.constant("six").getDouble(0);
        if (!GraphEdits.near(three, 3)) {
            return RewriteEvent.skipped(root, "the added constant is " + GraphEdits.num(three) + ", not 3");
        }
        if (!GraphEdits.near(six, scale)) {
            return RewriteEvent.skipped(root, (scale > 1 ? "the divisor is " : "the factor is ") + GraphEdits.num(six)
                    + ", not " + (scale > 1 ? "6" : "1/6"));
        }
        Clip clip = (Clip) m.node("clip").op();
        if (clip.min() != 0 || clip.max() != 6) {
            return RewriteEvent.skipped(root, "the clip is [" + GraphEdits.num(clip.min()) + ", "
                    + GraphEdits.num(clip.max()) + "], not [0, 6]");
        }
        return replace(m, g);
    }

    private static RewriteEvent fromHardSigmoid(Match m, Graph g) {
        HardSigmoid hs = (HardSigmoid) m.node("hs").op();
        if (!GraphEdits.near(hs.alpha(), 1.0 / 6) || !GraphEdits.near(hs.beta(), 0.5)) {
            return RewriteEvent.skipped(m.root(), "hard_sigmoid has alpha " + hs.alpha() + " and beta " + hs.beta()
                    + "; hard swish needs 1/6 and 0.5");
        }
        return replace(m, g);
    }

    private static RewriteEvent replace(Match m, Graph g) {
        Node root = m.root();
        for (Node n : m.covered()) {
            if (n.op() instanceof Binary b && b.activation() != Activation.NONE) {
                return RewriteEvent.skipped(root, n.describe() + " has fused activation " + b.activation().text());
            }
        }
        Optional<String> multi = m.multiUse(g);
        if (multi.isPresent()) {
            return RewriteEvent.skipped(root, multi.get());
        }
        Value x = m.value("x");
        Node n = g.addNode(new HardSwish(), List.of(x), List.of(GraphEdits.replacementName(root.output())),
                root.origin());
        for (Node i : m.interior()) {
            n.addOrigin(i.origin());
        }
        GraphEdits.replace(g, root, n.output());
        return RewriteEvent.applied(root, "replaced by hard_swish(%" + x.name() + ")");
    }
}
