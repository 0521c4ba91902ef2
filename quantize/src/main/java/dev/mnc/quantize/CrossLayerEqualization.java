package dev.mnc.quantize;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.Node;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PassInfo;
import dev.mnc.passes.PassResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cross-layer-equalization}: rescales the channels between two consecutive convolutions so
 * that each channel's weights span the same range in both (Nagel et al. 2019, "Data-Free
 * Quantization Through Weight Equalization and Bias Correction", section 4.1). Per-tensor weight
 * quantization of MobileNets fails because a few channels of a depthwise conv have weights
 * hundreds of times larger than the rest; equalization evens them out without changing what the
 * network computes.
 *
 * <pre>
 * Before:
 *   %a = conv2d(%x, @w1, @b1) {act=relu, layout=nhwc}
 *   %b = conv2d(%a, @w2, @b2) {group=C, layout=nhwc}       # or group 1
 * After:
 *   %a = conv2d(%x, @w1.cle, @b1.cle) {act=relu, layout=nhwc}
 *   %b = conv2d(%a, @w2.cle, @b2) {group=C, layout=nhwc}
 * </pre>
 *
 * <p>Math: ReLU is positively homogeneous, relu(x / s) = relu(x) / s for s &gt; 0. Dividing output
 * channel i of the first layer (its weights and bias) by s_i and multiplying every weight of the
 * second layer that reads channel i by s_i therefore leaves the second layer's output unchanged.
 * With r1_i = max|W1[i, ...]| and r2_i = max|W2[..., i]| (over all weights reading channel i),
 * the ranges become r1_i / s_i and r2_i * s_i; they are equal, both sqrt(r1_i * r2_i), for
 * <pre>
 *   s_i = sqrt(r1_i * r2_i) / r2_i = sqrt(r1_i / r2_i),
 * </pre>
 * which maximizes the product of the channels' ranges relative to their layers' ranges (the
 * paper's criterion). In a chain conv -&gt; dw -&gt; conv the middle layer takes part in two pairs,
 * so the pairs are equalized in turn until no scale moves by more than 1e-4 (at most 100 rounds).
 *
 * <p>Applies when: the first layer is a conv2d with f32 constant weights whose output only the
 * second reads (not a graph output); its fused activation is none, relu or relu6; the second is a
 * conv2d reading it as input, with f32 constant weights, group 1 or depthwise with multiplier 1.
 * relu6 is not homogeneous (the bound 6 would become 6 / s_i, which no fused activation
 * expresses): a pair through relu6 is equalized after replacing it by relu, as the paper and AIMET
 * do for MobileNetV2. That changes the float function where a pre-activation exceeds 6, which is
 * rare in trained MobileNets; the quantizer calibrates the changed graph. Skips when: a channel's
 * weights are all zero in either layer (its scale stays 1).
 */
public final class CrossLayerEqualization implements Pass {
    private static final PassInfo INFO = PassInfo.of("cross-layer-equalization",
            "equalizes channel weight ranges of consecutive convs (relu6 in between becomes relu)");
    private static final int MAX_ROUNDS = 100;
    private static final double CONVERGED = 1e-4;

    @Override
    public PassInfo info() {
        return INFO;
    }

    /** A conv's weights and bias being equalized, as float arrays ([O, ...] weights, NHWC or NCHW). */
    private static final class Layer {
        final Node node;
        final Conv2d op;
        final float[] w;
        final float[] b;
        final int[] shape;

        Layer(Node node) {
            this.node = node;
            this.op = (Conv2d) node.op();
            this.w = node.input(1).data().floats().clone();
            this.shape = node.input(1).shape().toIntArray();
            this.b = node.numInputs() > 2 ? node.input(2).data().floats().clone() : new float[shape[0]];
        }

        int outputs() {
            return shape[0];
        }

        int perOutput() {
            return w.length / shape[0];
        }

        /** Input channels per group and the stride between them within one output's weights. */
        int inPerGroup() {
            return op.layout() == Layout.NHWC ? shape[3] : shape[1];
        }

        /** Index of weight (o, input channel i of its group, tap t) in {@code w}. */
        int index(int o, int i, int t) {
            int taps = perOutput() / inPerGroup();
            return op.layout() == Layout.NHWC ? o * perOutput() + t * inPerGroup() + i : o * perOutput() + i * taps + t;
        }

        /** max |w| of output channel o. */
        double outRange(int o) {
            double m = 0;
            for (int k = o * perOutput(), end = k + perOutput(); k < end; k++) {
                m = Math.max(m, Math.abs(w[k]));
            }
            return m;
        }

        /** max |w| over the weights reading input channel c (group 1, or depthwise with c = o). */
        double inRange(int c) {
            double m = 0;
            int taps = perOutput() / inPerGroup();
            if (op.group() == 1) {
                for (int o = 0; o < outputs(); o++) {
                    for (int t = 0; t < taps; t++) {
                        m = Math.max(m, Math.abs(w[index(o, c, t)]));
                    }
                }
                return m;
            }
            return outRange(c);
        }

        void scaleOutput(int o, double s) {
            for (int k = o * perOutput(), end = k + perOutput(); k < end; k++) {
                w[k] = (float) (w[k] / s);
            }
            b[o] = (float) (b[o] / s);
        }

        void scaleInput(int c, double s) {
            if (op.group() != 1) {
                for (int k = c * perOutput(), end = k + perOutput(); k < end; k++) {
                    w[k] = (float) (w[k] * s);
                }
                return;
            }
            int taps = perOutput() / inPerGroup();
            for (int o = 0; o < outputs(); o++) {
                for (int t = 0; t < taps; t++) {
                    int k = index(o, c, t);
                    w[k] = (float) (w[k] * s);
                }
            }
        }
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        PassResult.Builder result = PassResult.builder(INFO.name());
        Map<Node, Layer> layers = new LinkedHashMap<>();
        List<Layer[]> pairs = new ArrayList<>();
        for (Node n : graph.nodes()) {
            Node next = pairedWith(graph, n);
            if (next != null) {
                Layer a = layers.computeIfAbsent(n, Layer::new);
                Layer b = layers.computeIfAbsent(next, Layer::new);
                pairs.add(new Layer[] {a, b});
            }
        }
        if (pairs.isEmpty()) {
            return result.build();
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            double moved = 0;
            for (Layer[] p : pairs) {
                moved = Math.max(moved, equalize(p[0], p[1]));
            }
            if (moved < CONVERGED) {
                break;
            }
        }
        for (Layer l : layers.values()) {
            write(graph, l);
        }
        for (Layer[] p : pairs) {
            Conv2d op = (Conv2d) p[0].node.op();
            if (op.activation() == Activation.RELU6) {
                p[0].node.setOp(op.withActivation(Activation.RELU));
            }
            result.applied(p[0].node, "equalized with " + p[1].node.describe()
                    + (op.activation() == Activation.RELU6 ? " (relu6 became relu)" : ""));
        }
        return result.build();
    }

    /** The conv that {@code n} can be equalized with, or null. */
    private static Node pairedWith(Graph g, Node n) {
        if (!(n.op() instanceof Conv2d c) || !floatWeights(n) || c.activation() == Activation.RELU_N1_TO_1) {
            return null;
        }
        Value y = n.output();
        if (y.users().size() != 1 || g.isGraphOutput(y)) {
            return null;
        }
        Node m = y.users().get(0);
        if (!(m.op() instanceof Conv2d d) || m.input(0) != y || !floatWeights(m) || d.layout() != c.layout()) {
            return null;
        }
        boolean depthwise = d.group() > 1 && d.group() == y.shape().intSize(d.layout().channelAxis())
                && m.output().shape().intSize(d.layout().channelAxis()) == d.group();
        return d.group() == 1 || depthwise ? m : null;
    }

    private static boolean floatWeights(Node n) {
        for (int i = 1; i < n.numInputs(); i++) {
            if (!n.input(i).isConstant() || n.input(i).dtype() != DType.F32) {
                return false;
            }
        }
        return n.input(0).dtype() == DType.F32;
    }

    /** Equalizes one pair; returns the largest |ln s| applied. */
    private static double equalize(Layer a, Layer b) {
        double moved = 0;
        for (int i = 0; i < a.outputs(); i++) {
            double r1 = a.outRange(i);
            double r2 = b.inRange(i);
            if (r1 == 0 || r2 == 0) {
                continue;
            }
            double s = Math.sqrt(r1 / r2);
            a.scaleOutput(i, s);
            b.scaleInput(i, s);
            moved = Math.max(moved, Math.abs(Math.log(s)));
        }
        return moved;
    }

    /** Puts a layer's new weights and bias into the graph as fresh constants. */
    private static void write(Graph g, Layer l) {
        Value oldW = l.node.input(1);
        Value w = g.addConstant(oldW.name() + ".cle", TensorData.ofFloats(oldW.shape(), l.w));
        Value b = g.addConstant((l.node.numInputs() > 2 ? l.node.input(2).name() : l.node.output().name() + ".bias")
                + ".cle", TensorData.ofFloats(Shape.of(l.b.length), l.b));
        List<Value> old = new ArrayList<>(l.node.inputs());
        List<Value> ins = new ArrayList<>(List.of(old.get(0), w, b));
        l.node.setInputs(ins);
        for (int i = 1; i < old.size(); i++) {
            g.removeIfUnused(old.get(i));
        }
    }
}
