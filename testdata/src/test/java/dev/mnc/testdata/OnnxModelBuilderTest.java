package dev.mnc.testdata;

import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.onnx.proto.Onnx.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The builder's models are valid ONNX in ONNX Runtime's eyes, at every opset it claims. */
class OnnxModelBuilderTest {

    @ParameterizedTest
    @ValueSource(ints = {7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21})
    void everyOpsetLoadsAndRunsInOnnxRuntime(int opset) {
        ModelProto m = new OnnxModelBuilder(opset).input("x", "N", 3).initializer("b", new float[] {1, 2, 3}, 3)
                .node("Add", "x,b -> s").node("Relu", "s -> y").output("y").build();
        assertThat(m.getIrVersion()).isEqualTo(OnnxModelBuilder.irVersionFor(opset));
        List<OrtOracle.Output> out = OrtOracle.run(m, Map.of("x", new float[] {-5, 0, 5, -1, -2, -3}),
                Map.of("x", new long[] {2, 3}));
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("y");
            assertThat(o.shape()).containsExactly(2, 3);
            // relu(x + b), computed by hand
            assertThat(o.data()).containsExactly(0, 2, 8, 0, 0, 0);
        });
    }

    @Test
    void constantNodesReplaceInitializers() {
        ModelProto m = new OnnxModelBuilder(13).constantNodes(true).input("x", 2).initializer("b", new float[] {1, 2}, 2)
                .node("Mul", "x,b -> y").output("y").build();
        assertThat(m.getGraph().getInitializerCount()).isZero();
        assertThat(m.getGraph().getNode(0).getOpType()).isEqualTo("Constant");
        assertThat(OrtOracle.run(m, Map.of("x", new float[] {3, 4}), Map.of("x", new long[] {2})).get(0).data())
                .containsExactly(3, 8);
    }

    @Test
    void ortSeesDynamicDimsAndAttributes(@TempDir Path dir) {
        Path file = new OnnxModelBuilder(13).input("x", "batch", 3, 4).node("Softmax", "x -> y", attr("axis", 1))
                .output("y").write(dir.resolve("m.onnx"));
        try (OrtOracle o = OrtOracle.load(file)) {
            assertThat(o.inputs()).singleElement().satisfies(in -> {
                assertThat(in.name()).isEqualTo("x");
                assertThat(in.shape()).containsExactly(-1, 3, 4);
            });
            assertThat(o.outputNames()).containsExactly("y");
        }
    }

    @Test
    void paddleModelsMatchTheFilesTheBuildUnpacked() throws IOException {
        for (PaddleModels m : PaddleModels.values()) {
            Path unpacked = Path.of("target", "models", m.fileName());
            assertThat(unpacked).exists();
            assertThat(Files.readAllBytes(unpacked)).isEqualTo(m.bytes());
        }
    }

    @Test
    void sharedDataIsAbsentWhenThePropertyPointsNowhere() {
        String saved = System.getProperty(SharedData.PROPERTY);
        try {
            System.setProperty(SharedData.PROPERTY, "/nonexistent/shared");
            assertThat(SharedData.dir()).isEmpty();
        } finally {
            if (saved == null) {
                System.clearProperty(SharedData.PROPERTY);
            } else {
                System.setProperty(SharedData.PROPERTY, saved);
            }
        }
    }

    @Test
    void imagenetIndexLists200Images() {
        List<SharedData.ImageEntry> images = SharedData.imagenet200();
        assertThat(images).hasSize(200);
        assertThat(images.get(0).classIndex()).isZero();
        assertThat(images.get(0).label()).isEqualTo("tench");
        assertThat(images).allSatisfy(e -> assertThat(e.file()).exists());
    }
}
