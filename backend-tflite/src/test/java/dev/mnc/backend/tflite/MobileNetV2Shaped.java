package dev.mnc.backend.tflite;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.TensorType;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.Mean;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An NHWC IR graph shaped like MobileNetV2 1.0 after BatchNorm folding, the way a PyTorch export
 * arrives: 3x3 convs with symmetric pads of 1 (also at stride 2), inverted residual blocks
 * (1x1 expand + ReLU6, 3x3 depthwise + ReLU6, 1x1 project, residual add when shapes allow),
 * a 1x1 conv to 1280, global mean and a 1000-way fully connected layer. Weights are random,
 * scaled by 1/sqrt(fan-in) so activations stay in a sane range through 53 layers.
 */
final class MobileNetV2Shaped {
    private MobileNetV2Shaped() {}

    /** Expansion t, output channels c, repeats n, first stride s, as in the MobileNetV2 paper. */
    private static final int[][] BLOCKS = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1},
        {6, 160, 3, 2}, {6, 320, 1, 1}};

    static Graph build(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Graph g = new Graph("mobilenetv2_shaped");
        Value x = g.addInput("input", new TensorType(DType.F32, Shape.of(1, size, size, 3), Layout.NHWC));
        int[] counter = {0};
        x = conv(g, r, x, 32, 3, 2, 1, Activation.RELU6, counter);
        int cin = 32;
        for (int[] b : BLOCKS) {
            for (int i = 0; i < b[2]; i++) {
                int stride = i == 0 ? b[3] : 1;
                Value in = x;
                int hidden = cin * b[0];
                if (b[0] != 1) {
                    x = conv(g, r, x, hidden, 1, 1, 1, Activation.RELU6, counter);
                }
                x = conv(g, r, x, hidden, 3, stride, hidden, Activation.RELU6, counter);
                x = conv(g, r, x, b[1], 1, 1, 1, Activation.NONE, counter);
                if (stride == 1 && cin == b[1]) {
                    x = g.add(Binary.of(Binary.Kind.ADD), List.of(in, x), List.of("Add_" + counter[0]++));
                }
                cin = b[1];
            }
        }
        x = conv(g, r, x, 1280, 1, 1, 1, Activation.RELU6, counter);
        x = g.add(new Mean(new int[] {1, 2}, false), List.of(x), List.of("GlobalAveragePool"));
        Value w = g.addConstant("classifier.weight", random(r, Shape.of(1000, 1280), 1280));
        Value b = g.addConstant("classifier.bias", random(r, Shape.of(1000), 1));
        Value logits = g.add(new FullyConnected(Activation.NONE), List.of(x, w, b), List.of("Gemm"));
        g.rename(logits, "output");
        g.setOutputs(List.of(logits));
        return g;
    }

    private static Value conv(Graph g, SplittableRandom r, Value x, int out, int k, int stride, int group, Activation act,
            int[] counter) {
        int cin = x.shape().intSize(3);
        int n = counter[0]++;
        Value w = g.addConstant("conv" + n + ".weight", random(r, Shape.of(out, k, k, cin / group), k * k * cin / group));
        Value b = g.addConstant("conv" + n + ".bias", random(r, Shape.of(out), 4));
        int p = k / 2;
        Conv2d op = new Conv2d(new int[] {stride, stride}, new int[] {1, 1}, new int[] {p, p, p, p}, group, act,
                Layout.NHWC);
        return g.add(op, List.of(x, w, b), List.of("Conv_" + n));
    }

    private static TensorData random(SplittableRandom r, Shape s, int fanIn) {
        float[] v = new float[Math.toIntExact(s.numElements())];
        double scale = Math.sqrt(3.0 / fanIn);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((2 * r.nextDouble() - 1) * scale);
        }
        return TensorData.ofFloats(s, v);
    }
}
