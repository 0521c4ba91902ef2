package dev.mnc.passes;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.TensorType;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.BatchNorm;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.HardSigmoid;
import dev.mnc.ir.ops.Identity;
import dev.mnc.ir.ops.MatMul;
import dev.mnc.ir.ops.Mean;
import dev.mnc.ir.ops.Op;
import dev.mnc.ir.ops.Relu;
import dev.mnc.ir.ops.Reshape;
import dev.mnc.ir.ops.Softmax;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small NCHW graphs shaped like ONNX exports of MobileNets, as the ONNX frontend produces them:
 * conv without bias then batch_norm then clip(0,6), inverted residual blocks with residual adds,
 * global mean, flatten reshape, classifier; MobileNetV3 with primitive hard swish and SE blocks.
 * Weights and batch-norm statistics are random but realistic (positive variances, gammas near 1).
 */
final class MobileNetGraphs {
    private final Graph g;
    private final SplittableRandom random;
    private int count;

    private MobileNetGraphs(String name, long seed) {
        g = new Graph(name);
        random = new SplittableRandom(seed);
    }

    /** MobileNetV2-shaped: stem, three inverted residual blocks (two with residual adds), head, classifier. */
    static Graph mobileNetV2() {
        MobileNetGraphs b = new MobileNetGraphs("mobilenetv2", 1);
        Value x = b.g.addInput("input", new TensorType(DType.F32, Shape.of(1, 3, 16, 16), Layout.NCHW));
        Value y = b.convBnAct(x, 8, 3, 2, 1, "relu6");
        y = b.invertedResidual(y, 1, 8, 1);
        y = b.invertedResidual(y, 4, 12, 2);
        y = b.invertedResidual(y, 4, 12, 1);
        y = b.convBnAct(y, 24, 1, 1, 1, "relu6");
        y = b.op(new Mean(new int[] {2, 3}, true), y);
        y = b.op(new Reshape(new long[] {1, 24}), y);
        y = b.op(new Identity(), y);
        y = b.op(new FullyConnected(Activation.NONE), y, b.weight(10, 24), b.vector(10, 0.1));
        b.g.rename(y, "output");
        b.g.setOutputs(List.of(y));
        return b.g;
    }

    /** MobileNetV3-small-shaped: hard swish as add/clip/mul/div, SE blocks, matmul classifier, softmax. */
    static Graph mobileNetV3Small() {
        MobileNetGraphs b = new MobileNetGraphs("mobilenetv3", 2);
        Value x = b.g.addInput("x", new TensorType(DType.F32, Shape.of(1, 3, 16, 16), Layout.NCHW));
        Value y = b.convBnAct(x, 8, 3, 2, 1, "hswish");
        // Block 1: depthwise + relu, SE with hard_sigmoid node, project.
        Value d = b.convBnAct(y, 8, 3, 2, 8, "relu");
        d = b.squeezeExcite(d, 4, false);
        y = b.convBnAct(d, 8, 1, 1, 1, "none");
        // Block 2: expand + hswish, depthwise + hswish, SE with the clip(x+3)/6 spelling, project, residual.
        Value e = b.convBnAct(y, 16, 1, 1, 1, "hswish");
        e = b.convBnAct(e, 16, 5, 1, 16, "hswish");
        e = b.squeezeExcite(e, 8, true);
        e = b.convBnAct(e, 8, 1, 1, 1, "none");
        y = b.op(Binary.of(Binary.Kind.ADD), y, e);
        y = b.convBnAct(y, 24, 1, 1, 1, "hswish");
        y = b.op(new Mean(new int[] {2, 3}, true), y);
        y = b.op(new Conv2d(new int[] {1, 1}, new int[] {1, 1}, new int[4], 1, Activation.NONE, Layout.NCHW), y,
                b.convWeight(32, 24, 1, 1), b.vector(32, 0.1));
        y = b.hardSwish(y);
        y = b.op(new Reshape(new long[] {1, 32}), y);
        Value wT = b.g.addConstant("classifier.w", b.randoms(Shape.of(32, 5), 0.3));
        y = b.op(new MatMul(), y, wT);
        y = b.op(Binary.of(Binary.Kind.ADD), y, b.vector(5, 0.1));
        y = b.op(new Softmax(1), y);
        b.g.rename(y, "probs");
        b.g.setOutputs(List.of(y));
        return b.g;
    }

    private Value invertedResidual(Value x, int expand, int cout, int stride) {
        int cin = Math.toIntExact(x.shape().size(1));
        Value y = x;
        if (expand != 1) {
            y = convBnAct(y, cin * expand, 1, 1, 1, "relu6");
        }
        int mid = cin * expand;
        y = convBnAct(y, mid, 3, stride, mid, "relu6");
        y = convBnAct(y, cout, 1, 1, 1, "none");
        return stride == 1 && cin == cout ? op(Binary.of(Binary.Kind.ADD), x, y) : y;
    }

    private Value squeezeExcite(Value x, int squeezed, boolean primitiveGate) {
        int c = Math.toIntExact(x.shape().size(1));
        Value s = op(new Mean(new int[] {2, 3}, true), x);
        s = op(conv(1, 1, 1), s, convWeight(squeezed, c, 1, 1), vector(squeezed, 0.1));
        s = op(new Relu(), s);
        s = op(conv(1, 1, 1), s, convWeight(c, squeezed, 1, 1), vector(c, 0.1));
        if (primitiveGate) {
            s = op(Binary.of(Binary.Kind.ADD), s, scalar(3));
            s = op(new Clip(0, 6), s);
            s = op(Binary.of(Binary.Kind.DIV), s, scalar(6));
        } else {
            s = op(new HardSigmoid(1 / 6f, 0.5f), s);
        }
        return op(Binary.of(Binary.Kind.MUL), x, s);
    }

    private Value convBnAct(Value x, int cout, int k, int stride, int group, String act) {
        int cin = Math.toIntExact(x.shape().size(1));
        Conv2d c = conv(k, stride, group);
        Value y = op(c, x, convWeight(cout, cin / group, k, k));
        y = op(new BatchNorm(1e-5f, Layout.NONE), y, vector(cout, 1, 0.2), vector(cout, 0.2), vector(cout, 0.3),
                positive(cout));
        return switch (act) {
            case "relu6" -> op(new Clip(0, 6), y);
            case "relu" -> op(new Relu(), y);
            case "hswish" -> hardSwish(y);
            default -> y;
        };
    }

    /** PyTorch's export of hardswish: Add(+3) -> Clip(0,6) -> Mul -> Div(6). */
    private Value hardSwish(Value x) {
        Value a = op(Binary.of(Binary.Kind.ADD), x, scalar(3));
        Value c = op(new Clip(0, 6), a);
        Value m = op(Binary.of(Binary.Kind.MUL), x, c);
        return op(Binary.of(Binary.Kind.DIV), m, scalar(6));
    }

    private static Conv2d conv(int k, int stride, int group) {
        int p = k / 2;
        return new Conv2d(new int[] {stride, stride}, new int[] {1, 1}, new int[] {p, p, p, p}, group, Activation.NONE,
                Layout.NCHW);
    }

    private Value op(Op op, Value... ins) {
        count++;
        String origin = op.name().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + op.name().substring(1) + "_"
                + count;
        return g.add(op, List.of(ins), List.of(origin));
    }

    private Value convWeight(int o, int i, int kh, int kw) {
        return g.addConstant("w" + count, randoms(Shape.of(o, i, kh, kw), Math.sqrt(2.0 / (i * kh * kw))));
    }

    private Value weight(int o, int k) {
        return g.addConstant("fc.w", randoms(Shape.of(o, k), Math.sqrt(1.0 / k)));
    }

    private Value vector(int n, double spread) {
        return vector(n, 0, spread);
    }

    private Value vector(int n, double center, double spread) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (center + spread * (random.nextDouble() * 2 - 1));
        }
        return g.addConstant("p" + count, TensorData.ofFloats(Shape.of(n), v));
    }

    private Value positive(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (0.2 + random.nextDouble());
        }
        return g.addConstant("var" + count, TensorData.ofFloats(Shape.of(n), v));
    }

    private Value scalar(float v) {
        return g.addConstant("k" + count, TensorData.scalar(v));
    }

    private TensorData randoms(Shape s, double scale) {
        float[] v = new float[Math.toIntExact(s.numElements())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (scale * (random.nextDouble() * 2 - 1));
        }
        return TensorData.ofFloats(s, v);
    }
}
