package dev.mnc.backend.tflite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.Mean;
import dev.mnc.testdata.OnnxModelBuilder;
import dev.mnc.testdata.OrtOracle;
import dev.mnc.testdata.TfliteOracle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole MobileNetV2-shaped network: written without a single TRANSPOSE, counted (parameters,
 * MACs) the same from the file as from the IR, and computing what ONNX Runtime computes.
 */
class MobileNetV2ShapedTest {
    private static Graph graph;
    private static byte[] model;
    private static TfliteModel read;

    @BeforeAll
    static void write() {
        graph = MobileNetV2Shaped.build(224, 42);
        model = TfliteWriter.write(graph);
        read = TfliteReader.read(model);
    }

    @Test
    void hasNoTransposeAndTheExpectedOperators() {
        assertThat(read.operatorCounts()).doesNotContainKey("TRANSPOSE").isEqualTo(Map.of(
                "PAD", 5, "CONV_2D", 35, "DEPTHWISE_CONV_2D", 17, "ADD", 10, "MEAN", 1, "FULLY_CONNECTED", 1));
        assertThat(read.inputs()).extracting(TensorInfo::name).containsExactly("input");
        assertThat(read.outputs()).extracting(TensorInfo::name).containsExactly("output");
        assertThat(read.outputs().get(0).shape()).containsExactly(1, 1000);
    }

    /** Parameters and MACs straight from the IR: conv O*kh*kw*I/g (+O bias), FC O*K (+O), MACs per output pixel. */
    @Test
    void parametersAndMacsEqualTheCountsFromTheIr() {
        long params = 0;
        long macs = 0;
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Conv2d) {
                long[] w = n.input(1).shape().toLongArray();
                long[] y = n.output().shape().toLongArray();
                params += w[0] * w[1] * w[2] * w[3] + w[0];
                macs += y[1] * y[2] * y[3] * w[1] * w[2] * w[3];
            } else if (n.op() instanceof FullyConnected) {
                long[] w = n.input(1).shape().toLongArray();
                params += w[0] * w[1] + w[0];
                macs += w[0] * w[1];
            }
        }
        assertThat(read.parameters()).isEqualTo(params);
        assertThat(read.macs()).isEqualTo(macs);
        // The real network's published figures: about 3.5M parameters and 300M MACs at 224x224.
        assertThat(params).isBetween(3_400_000L, 3_600_000L);
        assertThat(macs).isBetween(290_000_000L, 310_000_000L);
        // Float weights, plus the int32 paddings and axes of 6 PAD and MEAN ops.
        assertThat(read.weightBytes()).isBetween(4 * params, 4 * params + 6 * 32);
    }

    @Test
    void computesWhatOnnxRuntimeComputes() {
        float[] x = OracleHarness.random(224 * 224 * 3, 5, -2, 2);
        float[] got = TfliteOracle.run(model, (Object) x).get(0).floats();
        float[] want = OrtOracle.run(toOnnx(graph).build(), Map.of("input", OracleHarness.nhwcToNchw(x,
                new int[] {1, 224, 224, 3})), Map.of("input", new long[] {1, 3, 224, 224})).get(0).data();
        OracleHarness.assertClose(got, want, "logits");
    }

    /** The same network as an NCHW ONNX model, node by node. */
    private static OnnxModelBuilder toOnnx(Graph g) {
        OnnxModelBuilder b = OracleHarness.onnx("input", 1, 3, 224, 224);
        b.initializer("six", new float[] {6f}).initializer("zero", new float[] {0f});
        for (Node n : g.nodes()) {
            String y = n.output().name();
            List<Value> in = n.inputs();
            if (n.op() instanceof Conv2d c) {
                OracleHarness.oihw(b, g, in.get(1).name());
                OracleHarness.same(b, g, in.get(2).name());
                String raw = c.activation() == Activation.NONE ? y : y + "_pre";
                int[] p = c.pads();
                b.node("Conv", in.get(0).name() + "," + in.get(1).name() + "," + in.get(2).name() + " -> " + raw,
                        OnnxModelBuilder.ints("strides", c.strides()[0], c.strides()[1]),
                        OnnxModelBuilder.ints("pads", p[0], p[1], p[2], p[3]), OnnxModelBuilder.attr("group", (long) c.group()));
                if (c.activation() == Activation.RELU6) {
                    b.node("Clip", raw + ",zero,six -> " + y);
                }
            } else if (n.op() instanceof Binary) {
                b.node("Add", in.get(0).name() + "," + in.get(1).name() + " -> " + y);
            } else if (n.op() instanceof Mean) {
                b.node("ReduceMean", in.get(0).name() + " -> " + y, OnnxModelBuilder.ints("axes", 2, 3),
                        OnnxModelBuilder.attr("keepdims", 0L));
            } else if (n.op() instanceof FullyConnected) {
                OracleHarness.same(OracleHarness.same(b, g, in.get(1).name()), g, in.get(2).name());
                b.node("Gemm", in.get(0).name() + "," + in.get(1).name() + "," + in.get(2).name() + " -> " + y,
                        OnnxModelBuilder.attr("transB", 1L));
            } else {
                throw new IllegalStateException("unexpected " + n);
            }
        }
        return b.output("output");
    }
}
