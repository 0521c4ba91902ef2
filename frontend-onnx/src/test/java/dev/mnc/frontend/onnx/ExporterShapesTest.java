package dev.mnc.frontend.onnx;

import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static dev.mnc.testdata.OnnxModelBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.testdata.OnnxModelBuilder;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Small networks shaped the way exporters write MobileNets (the real PyTorch MobileNetV2 and the
 * paddle2onnx MobileNetV3s are in {@link RealModelsTest}): a torchvision-style MobileNetV3 block
 * with squeeze-excite and classifier at opsets 9 to 14, dynamic batch included.
 */
class ExporterShapesTest {

    /** A torchvision MobileNetV3 stem, inverted residual with SE, and classifier head. */
    private static OnnxModelBuilder mobileNetV3(int opset) {
        OnnxModelBuilder b = new OnnxModelBuilder(opset).input("input", "batch_size", 3, 32, 32);
        b.randomInitializer("stem.w", 16, 3, 3, 3).randomInitializer("stem.b", 16)
                .node("Conv", "input,stem.w,stem.b -> stem", ints("pads", 1, 1, 1, 1), ints("strides", 2, 2));
        hardSwish(b, opset, "stem", "stem.act");
        b.randomInitializer("dw.w", 16, 1, 3, 3).randomInitializer("dw.b", 16)
                .node("Conv", "stem.act,dw.w,dw.b -> dw", ints("pads", 1, 1, 1, 1), attr("group", 16)).node("Relu", "dw -> dw.act")
                .node("GlobalAveragePool", "dw.act -> se.pool")
                .randomInitializer("se1.w", 8, 16, 1, 1).randomInitializer("se1.b", 8)
                .node("Conv", "se.pool,se1.w,se1.b -> se1").node("Relu", "se1 -> se1.act")
                .randomInitializer("se2.w", 16, 8, 1, 1).randomInitializer("se2.b", 16)
                .node("Conv", "se1.act,se2.w,se2.b -> se2")
                .node("HardSigmoid", "se2 -> se.scale", attr("alpha", 1f / 6), attr("beta", 0.5f))
                .node("Mul", "se.scale,dw.act -> se.out")
                .randomInitializer("pw.w", 16, 16, 1, 1).randomInitializer("pw.b", 16)
                .node("Conv", "se.out,pw.w,pw.b -> pw").node("Add", "pw,stem.act -> block")
                .node("GlobalAveragePool", "block -> pool").node("Flatten", "pool -> flat", attr("axis", 1))
                .randomInitializer("fc1.w", 32, 16).randomInitializer("fc1.b", 32)
                .node("Gemm", "flat,fc1.w,fc1.b -> fc1", attr("transB", 1), attr("alpha", 1f), attr("beta", 1f));
        hardSwish(b, opset, "fc1", "fc1.act");
        b.node("Dropout", "fc1.act -> drop", opset < 12 ? new OnnxModelBuilder.Attr[] {attr("ratio", 0.2f)}
                : new OnnxModelBuilder.Attr[0]);
        return b.randomInitializer("fc2.w", 10, 32).randomInitializer("fc2.b", 10)
                .node("Gemm", "drop,fc2.w,fc2.b -> logits", attr("transB", 1)).output("logits");
    }

    /** HardSwish from opset 14; before it, PyTorch writes x * HardSigmoid(x, 1/6, 0.5). */
    private static void hardSwish(OnnxModelBuilder b, int opset, String x, String y) {
        if (opset >= 14) {
            b.node("HardSwish", x + " -> " + y);
        } else {
            b.node("HardSigmoid", x + " -> " + y + ".gate", attr("alpha", 1f / 6), attr("beta", 0.5f))
                    .node("Mul", x + "," + y + ".gate -> " + y);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 11, 12, 13, 14})
    void torchvisionStyleMobileNetV3(int opset) {
        Graph g = OrtCheck.importAndCompare(mobileNetV3(opset).build(), ImportOptions.defaults());
        assertThat(g.inputs().get(0).type().toString()).isEqualTo("f32[1,3,32,32] nchw");
        assertThat(g.outputs().get(0).type().toString()).isEqualTo("f32[1,10]");
        Map<String, Integer> ops = ops(g);
        assertThat(ops).containsEntry("conv2d", 5).containsEntry("fully_connected", 2).containsEntry("identity", 1)
                .containsEntry("mean", 2).containsEntry("reshape", 1);
        if (opset >= 14) {
            assertThat(ops).containsEntry("hard_swish", 2).containsEntry("hard_sigmoid", 1);
        } else {
            assertThat(ops).containsEntry("hard_sigmoid", 3).doesNotContainKey("hard_swish");
        }
    }

    @Test
    void dynamicBatchBoundByTheUser() {
        Graph g = OrtCheck.importAndCompare(mobileNetV3(13).build(),
                ImportOptions.defaults().withInputShape("input:4,3,32,32"));
        assertThat(g.outputs().get(0).type().toString()).isEqualTo("f32[4,10]");
    }

    private static Map<String, Integer> ops(Graph g) {
        Map<String, Integer> m = new TreeMap<>();
        for (Node n : g.nodes()) {
            m.merge(n.op().name(), 1, Integer::sum);
        }
        return m;
    }
}
