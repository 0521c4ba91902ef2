package dev.mnc.backend.nativeformat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.TensorType;
import dev.mnc.ir.DType;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.Mean;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A MobileNetV2-shaped NHWC graph with random weights and real shapes, as BatchNorm folding and
 * activation fusion leave it: the 3x3 stride-2 stem, the 17 inverted residual blocks (expand 1x1,
 * depthwise 3x3, project 1x1, residual add where shapes allow), the 1x1 conv to 1280, global mean
 * and the 1000-way classifier. Weights are uniform with variance 2/fan-in so activations stay in
 * range through all 53 layers.
 */
final class MobileNetV2Graph {
    private MobileNetV2Graph() {}

    private static final int[][] BLOCKS = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1},
            {6, 160, 3, 2}, {6, 320, 1, 1}};

    static Graph build(int resolution, long seed) {
        Graph g = new Graph("mobilenetv2_" + resolution);
        SplittableRandom r = new SplittableRandom(seed);
        Value x = g.addInput("input", new TensorType(DType.F32, Shape.of(1, resolution, resolution, 3), Layout.NHWC));
        x = conv(g, r, x, 32, 3, 2, 1, Activation.RELU6, "stem");
        int in = 32;
        int block = 0;
        for (int[] b : BLOCKS) {
            for (int i = 0; i < b[2]; i++) {
                int stride = i == 0 ? b[3] : 1;
                String name = "block" + block++;
                Value h = x;
                int hidden = in * b[0];
                if (b[0] != 1) {
                    h = conv(g, r, h, hidden, 1, 1, 1, Activation.RELU6, name + "_expand");
                }
                h = conv(g, r, h, hidden, 3, stride, hidden, Activation.RELU6, name + "_dw");
                h = conv(g, r, h, b[1], 1, 1, 1, Activation.NONE, name + "_project");
                if (stride == 1 && in == b[1]) {
                    h = g.add(Binary.of(Binary.Kind.ADD), List.of(x, h), List.of(name + "_add"));
                }
                x = h;
                in = b[1];
            }
        }
        x = conv(g, r, x, 1280, 1, 1, 1, Activation.RELU6, "head");
        x = g.add(new Mean(new int[] {1, 2}, false), List.of(x), List.of("pool"));
        Value w = g.addConstant("fc_w", TensorData.ofFloats(Shape.of(1000, 1280), uniform(r, 1000 * 1280, 1280)));
        Value bias = g.addConstant("fc_b", TensorData.ofFloats(Shape.of(1000), uniform(r, 1000, 100)));
        Value logits = g.add(new FullyConnected(Activation.NONE), List.of(x, w, bias), List.of("logits"));
        g.setOutputs(List.of(logits));
        return g;
    }

    private static Value conv(Graph g, SplittableRandom r, Value x, int out, int k, int stride, int group,
            Activation act, String name) {
        int in = x.shape().intSize(3);
        int perGroup = in / group;
        int fanIn = k * k * perGroup;
        Value w = g.addConstant(name + "_w", TensorData.ofFloats(Shape.of(out, k, k, perGroup),
                uniform(r, out * k * k * perGroup, fanIn)));
        Value b = g.addConstant(name + "_b", TensorData.ofFloats(Shape.of(out), uniform(r, out, 100)));
        int p = k / 2;
        Conv2d op = new Conv2d(new int[] {stride, stride}, new int[] {1, 1}, new int[] {p, p, p, p}, group, act,
                Layout.NHWC);
        return g.add(op, List.of(x, w, b), List.of(name));
    }

    private static float[] uniform(SplittableRandom r, int n, int fanIn) {
        double a = Math.sqrt(6.0 / fanIn);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * a);
        }
        return v;
    }
}
