package dev.mnc.backend.nativeformat;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.TensorType;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.Mean;
import dev.mnc.ir.ops.Reshape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An int8 MobileNetV2-shaped NHWC graph as full-integer post-training quantization leaves it: the
 * layers of {@link MobileNetV2Graph} with int8 activations (per tensor), symmetric int8 weights
 * quantized per output channel, int32 biases at input scale x weight scale, ReLU6 layers at the
 * usual 6/255 scale and zero point -128, residual adds rescaling both operands, the global mean
 * kept 4-D (as an ONNX GlobalAveragePool arrives) and flattened, and a per-channel classifier.
 *
 * <p>Weights are random (uniform int8) with per-channel scales around He initialisation; the other
 * scales are set from a running estimate of each tensor's real spread, so that activations use
 * the int8 range without saturating everywhere. The numbers mean nothing; the shapes, the kinds
 * of quantization parameters and the arithmetic they drive are those of a real model.
 */
final class MobileNetV2Int8Graph {
    private MobileNetV2Int8Graph() {}

    private static final int[][] BLOCKS = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1},
            {6, 160, 3, 2}, {6, 320, 1, 1}};

    /** Scale and zero point of ReLU6 outputs: [0, 6] over the whole int8 range. */
    private static final QuantParams RELU6 = QuantParams.perTensor(6f / 255f, -128);

    /** A quantized activation and the estimated standard deviation of its real values. */
    private record Act(Value v, double sigma) {}

    static Graph build(int resolution, long seed) {
        Graph g = new Graph("mobilenetv2_int8_" + resolution);
        SplittableRandom r = new SplittableRandom(seed);
        Value in = g.addInput("input", new TensorType(DType.I8, Shape.of(1, resolution, resolution, 3), Layout.NHWC));
        in.setQuant(QuantParams.perTensor(1f / 128f, 0));
        Act x = new Act(in, 0.58);
        x = conv(g, r, x, 32, 3, 2, 1, Activation.RELU6, "stem");
        int cin = 32;
        int block = 0;
        for (int[] b : BLOCKS) {
            for (int i = 0; i < b[2]; i++) {
                int stride = i == 0 ? b[3] : 1;
                String name = "block" + block++;
                Act h = x;
                int hidden = cin * b[0];
                if (b[0] != 1) {
                    h = conv(g, r, h, hidden, 1, 1, 1, Activation.RELU6, name + "_expand");
                }
                h = conv(g, r, h, hidden, 3, stride, hidden, Activation.RELU6, name + "_dw");
                h = conv(g, r, h, b[1], 1, 1, 1, Activation.NONE, name + "_project");
                if (stride == 1 && cin == b[1]) {
                    double sigma = Math.sqrt(x.sigma() * x.sigma() + h.sigma() * h.sigma());
                    Value sum = g.add(Binary.of(Binary.Kind.ADD), List.of(x.v(), h.v()), List.of(name + "_add"));
                    sum.setQuant(spread(sigma, r));
                    h = new Act(sum, sigma);
                }
                x = h;
                cin = b[1];
            }
        }
        x = conv(g, r, x, 1280, 1, 1, 1, Activation.RELU6, "head");
        Value pooled = g.add(new Mean(new int[] {1, 2}, true), List.of(x.v()), List.of("pool"));
        pooled.setQuant(QuantParams.perTensor(3f / 255f, -128));
        Value flat = g.add(new Reshape(new long[] {1, 1280}), List.of(pooled), List.of("flatten"));
        flat.setQuant(pooled.quant());
        float sx = pooled.quant().scale();
        float[] ws = weightScales(r, 1000, 1280);
        Value w = g.addConstant("fc_w", weights(r, 1000 * 1280, Shape.of(1000, 1280)));
        w.setQuant(QuantParams.perAxis(ws, new int[1000], 0));
        Value bias = g.addConstant("fc_b", biases(r, sx, ws));
        bias.setQuant(biasQuant(sx, ws));
        Value logits = g.add(new FullyConnected(Activation.NONE), List.of(flat, w, bias), List.of("logits"));
        logits.setQuant(QuantParams.perTensor(0.1f, 3));
        g.setOutputs(List.of(logits));
        return g;
    }

    private static Act conv(Graph g, SplittableRandom r, Act x, int out, int k, int stride, int group,
            Activation act, String name) {
        int in = x.v().shape().intSize(3);
        int perGroup = in / group;
        int fanIn = k * k * perGroup;
        float sx = x.v().quant().scale();
        float[] ws = weightScales(r, out, fanIn);
        Value w = g.addConstant(name + "_w", weights(r, out * k * k * perGroup, Shape.of(out, k, k, perGroup)));
        w.setQuant(QuantParams.perAxis(ws, new int[out], 0));
        Value b = g.addConstant(name + "_b", biases(r, sx, ws));
        b.setQuant(biasQuant(sx, ws));
        int p = k / 2;
        Conv2d op = new Conv2d(new int[] {stride, stride}, new int[] {1, 1}, new int[] {p, p, p, p}, group, act,
                Layout.NHWC);
        Value y = g.add(op, List.of(x.v(), w, b), List.of(name));
        // He-scaled weights keep a conv's output spread at sqrt(2) times its input's.
        double sigma = x.sigma() * Math.sqrt(2.0);
        if (act == Activation.RELU6) {
            y.setQuant(RELU6);
            return new Act(y, Math.min(sigma, 6) * 0.6);
        }
        y.setQuant(spread(sigma, r));
        return new Act(y, sigma);
    }

    /** Parameters covering about four standard deviations each side, with a small random zero point. */
    private static QuantParams spread(double sigma, SplittableRandom r) {
        return QuantParams.perTensor((float) (8 * sigma / 255), r.nextInt(-10, 11));
    }

    /** Per-channel weight scales: He-initialisation bound sqrt(6 / fanIn) over 127, varied by up to 2x. */
    private static float[] weightScales(SplittableRandom r, int out, int fanIn) {
        float[] s = new float[out];
        double base = Math.sqrt(6.0 / fanIn) / 127;
        for (int i = 0; i < out; i++) {
            s[i] = (float) (base * Math.exp((r.nextDouble() - 0.5) * 1.4));
        }
        return s;
    }

    private static TensorData weights(SplittableRandom r, int n, Shape shape) {
        byte[] w = new byte[n];
        for (int i = 0; i < n; i++) {
            w[i] = (byte) r.nextInt(-127, 128);
        }
        return TensorData.ofBytes(DType.I8, shape, w);
    }

    /** Biases of real magnitude below 0.1, at scale s_x * s_w[o]. */
    private static TensorData biases(SplittableRandom r, float sx, float[] ws) {
        int[] b = new int[ws.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (int) Math.round((r.nextDouble() * 0.2 - 0.1) / ((double) sx * ws[i]));
        }
        return TensorData.ofInts(Shape.of(ws.length), b);
    }

    private static QuantParams biasQuant(float sx, float[] ws) {
        float[] s = new float[ws.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = sx * ws[i];
        }
        return QuantParams.perAxis(s, new int[s.length], 0);
    }
}
