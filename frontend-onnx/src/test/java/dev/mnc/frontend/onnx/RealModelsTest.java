package dev.mnc.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.testdata.PaddleModels;
import dev.mnc.testdata.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Real MobileNets import, verify, and agree with ONNX Runtime on output shapes. */
class RealModelsTest {

    @Test
    void mobileNetV2FromTheSharedFolder() throws IOException {
        Path file = SharedData.model("mobilenetv2-1.0-224.onnx");
        Graph g = OrtCheck.importAndCompare(Files.readAllBytes(file), file.getFileName().toString(),
                ImportOptions.defaults());
        assertThat(g.inputs()).singleElement().satisfies(in -> {
            assertThat(in.name()).isEqualTo("input");
            assertThat(in.type().toString()).isEqualTo("f32[1,3,224,224] nchw");
        });
        assertThat(g.outputs()).singleElement().satisfies(out -> assertThat(out.type().toString()).isEqualTo("f32[1,1000]"));
        assertThat(g.metadata()).containsEntry("onnx.opset", "13").containsEntry("onnx.ir_version", "7");
        long convWeights = 0;
        long weights = 0;
        for (Value c : g.constants()) {
            weights += c.shape().numElements();
        }
        for (Node n : g.nodes()) {
            if (n.op() instanceof Conv2d) {
                convWeights += n.input(1).shape().numElements();
            }
        }
        // MobileNetV2 1.0 (Sandler et al., table 2) summed by hand, layer by layer: stem 3x3x3x32 = 864,
        // 17 bottlenecks (expand 1x1, depthwise 3x3, project 1x1) = 1,779,296, last 1x1 320->1280 = 409,600:
        // 2,189,760 conv weights. With the 1,281,000 of the classifier, BatchNorm and biases: about 3.5 M.
        assertThat(convWeights).isEqualTo(2_189_760L);
        assertThat(weights).isBetween(3_450_000L, 3_550_000L);
        assertThat(ops(g)).containsEntry("conv2d", 52).containsEntry("batch_norm", 52).containsEntry("clip", 35)
                .containsEntry("add", 10).containsEntry("mean", 1).containsEntry("reshape", 1)
                .containsEntry("fully_connected", 1).hasSize(7);
    }

    @Test
    void mobileNetV2AtAnotherResolutionAndBatch() throws IOException {
        Path file = SharedData.model("mobilenetv2-1.0-224.onnx");
        Graph g = OrtCheck.importAndCompare(Files.readAllBytes(file), "mobilenetv2-1.0-224.onnx",
                ImportOptions.defaults().withInputShape("input:2,3,160,160"));
        assertThat(g.outputs().get(0).type().toString()).isEqualTo("f32[2,1000]");
    }

    @Test
    void paddleClassifierFromMaven() {
        Graph g = OrtCheck.importAndCompare(PaddleModels.CLASSIFIER.bytes(), PaddleModels.CLASSIFIER.fileName(),
                ImportOptions.defaults().withInputShape("x", 1, 3, 48, 192));
        assertThat(g.outputs().get(0).type().toString()).isEqualTo("f32[1,2]");
        assertThat(g.inputs().get(0).type().layout()).isEqualTo(Layout.NCHW);
        assertThat(ops(g)).containsEntry("hard_sigmoid", 9).containsEntry("conv2d", 53).containsEntry("softmax", 1)
                .containsEntry("matmul", 1).containsEntry("max_pool2d", 1).doesNotContainKey("cast");
    }

    @Test
    void paddleDetectorFromMaven() {
        Graph g = OrtCheck.importAndCompare(PaddleModels.DETECTOR.bytes(), PaddleModels.DETECTOR.fileName(),
                ImportOptions.defaults().withInputShape("x", 1, 3, 256, 320));
        assertThat(g.outputs().get(0).type().toString()).isEqualTo("f32[1,1,256,320] nchw");
        assertThat(ops(g)).containsEntry("conv_transpose2d", 2).containsEntry("resize", 6);
    }

    @Test
    void sharedPaddleCopiesImportAlike() throws IOException {
        Path cls = SharedData.model("ppocr-cls-mobilenetv3-small-0.35.onnx");
        Graph g = OrtCheck.importAndCompare(Files.readAllBytes(cls), cls.getFileName().toString(),
                ImportOptions.defaults().withInputShape("x", 1, 3, 48, 192));
        assertThat(g.outputs().get(0).name()).isEqualTo("save_infer_model/scale_0.tmp_1");
        Path det = SharedData.model("ppocrv3-det-mobilenetv3-large-0.5.onnx");
        OrtCheck.importAndCompare(Files.readAllBytes(det), det.getFileName().toString(),
                ImportOptions.defaults().withInputShape("x", 1, 3, 320, 320));
    }

    private static Map<String, Integer> ops(Graph g) {
        Map<String, Integer> m = new TreeMap<>();
        for (Node n : g.nodes()) {
            m.merge(n.op().name(), 1, Integer::sum);
        }
        return m;
    }
}
