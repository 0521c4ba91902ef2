package dev.mnc.quantize;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.HardSigmoid;
import dev.mnc.ir.ops.Op;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PassInfo;
import dev.mnc.passes.PassResult;
import java.util.List;

/**
 * {@code prepare-int8}: rewrites float ops that TFLite (and the native runtime) cannot run in int8
 * into equal float ops that they can, before calibration, so that calibration observes the graph
 * that will be quantized.
 *
 * <pre>
 * Before:
 *   %h = hard_sigmoid(%x) {alpha=0.2, beta=0.5}
 *   %q = div(%y, @six)
 * After:
 *   %h/shifted = add(%x, @h/offset)                 # beta / alpha = 2.5
 *   %h/clipped = clip(%h/shifted) {min=0, max=5}    # 1 / alpha
 *   %h = mul(%h/clipped, @h/alpha)                  # alpha = 0.2
 *   %q = mul(%y, @six/reciprocal)                   # 1/6
 * </pre>
 *
 * <p>Math: hard_sigmoid(x) = clip(a x + b, 0, 1) = a * clip(x + b/a, min(0, 1/a), max(0, 1/a)) for
 * a != 0 (for a &lt; 0 the bounds swap). When 1/a is 6 (MobileNetV3's a = 1/6), the add carries a
 * fused relu6 instead of the clip: a * relu6(x + 3). In int8 the add's output range then is
 * exactly the clip's interval, so the quantizer folds the clip into the add (saturation clamps
 * it), and the multiplication by the constant a is an int8 MUL. x / c = x * (1/c) for a constant
 * c without zeros.
 *
 * <p>Applies when: a hard_sigmoid's input is f32 and alpha is not 0; a div's divisor is an f32
 * constant whose elements are all nonzero with finite reciprocals. Skips when: alpha is 0 (the
 * op is a constant; it stays, and stays float); the divisor is not a constant or holds a zero.
 * The output value keeps its name.
 */
public final class PrepareForInt8 implements Pass {
    private static final PassInfo INFO = PassInfo.of("prepare-int8",
            "rewrites hard_sigmoid and division by a constant into ops int8 kernels run");
    private static final double TOLERANCE = 1e-5;

    @Override
    public PassInfo info() {
        return INFO;
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        PassResult.Builder result = PassResult.builder(INFO.name());
        for (Node n : graph.nodes()) {
            Op op = n.op();
            if (op instanceof HardSigmoid h && n.input(0).dtype() == DType.F32) {
                if (h.alpha() == 0) {
                    result.skipped(n, "alpha is 0: the op is the constant clip(beta, 0, 1)");
                } else {
                    hardSigmoid(graph, n, h);
                    result.applied(n, "became add, clip and mul by " + h.alpha());
                }
            } else if (op instanceof Binary b && b.kind() == Binary.Kind.DIV && n.input(0).dtype() == DType.F32) {
                String why = reciprocalBlocker(n.input(1));
                if (why != null) {
                    result.skipped(n, why);
                } else {
                    division(graph, n, b);
                    result.applied(n, "became a mul by the reciprocal of @" + n.input(1).name());
                }
            }
        }
        return result.build();
    }

    private static void hardSigmoid(Graph g, Node n, HardSigmoid h) {
        Value x = n.input(0);
        Value y = n.output();
        String name = y.name();
        double alpha = h.alpha();
        double bound = 1 / alpha;
        List<String> origin = n.origin();
        Value offset = g.addConstant(name + "/offset", TensorData.ofFloats(Shape.of(1), (float) (h.beta() / alpha)));
        Value scale = g.addConstant(name + "/alpha", TensorData.ofFloats(Shape.of(1), h.alpha()));
        Value clipped;
        if (Math.abs(bound - 6) <= TOLERANCE * 6) {
            clipped = g.addNode(Binary.of(Binary.Kind.ADD).withActivation(Activation.RELU6), List.of(x, offset),
                    List.of(name + "/clipped"), origin).output();
        } else {
            Value shifted = g.addNode(Binary.of(Binary.Kind.ADD), List.of(x, offset), List.of(name + "/shifted"), origin)
                    .output();
            clipped = g.addNode(new Clip((float) Math.min(0, bound), (float) Math.max(0, bound)), List.of(shifted),
                    List.of(name + "/clipped"), origin).output();
        }
        Value z = g.addNode(Binary.of(Binary.Kind.MUL), List.of(clipped, scale), List.of(name + "#new"), origin).output();
        replace(g, n, z, name);
    }

    private static void division(Graph g, Node n, Binary b) {
        Value c = n.input(1);
        float[] d = c.data().floats();
        float[] r = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = 1 / d[i];
        }
        Value recip = g.addConstant(c.name() + "/reciprocal", TensorData.ofFloats(c.shape(), r));
        String name = n.output().name();
        Value z = g.addNode(new Binary(Binary.Kind.MUL, b.activation()), List.of(n.input(0), recip),
                List.of(name + "#new"), n.origin()).output();
        replace(g, n, z, name);
    }

    /** Why {@code c} has no usable reciprocal, or null. */
    private static String reciprocalBlocker(Value c) {
        if (!c.isConstant() || c.dtype() != DType.F32) {
            return "the divisor %" + c.name() + " is not an f32 constant";
        }
        for (float v : c.data().floats()) {
            if (v == 0 || !Float.isFinite(1 / v)) {
                return "the divisor @" + c.name() + " holds " + v + ", which has no finite reciprocal";
            }
        }
        return null;
    }

    /** Readers of {@code n}'s output read {@code z}, which takes the output's name; n goes. */
    private static void replace(Graph g, Node n, Value z, String name) {
        List<Value> inputs = List.copyOf(n.inputs());
        g.replaceAllUses(n.output(), z);
        g.removeNode(n);
        for (Value in : inputs) {
            if (in.isConstant()) {
                g.removeIfUnused(in);
            }
        }
        if (g.value(name).isEmpty()) {
            g.rename(z, name);
        }
    }
}
