package dev.mnc.backend.nativeformat;

import static dev.mnc.testdata.OnnxModelBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import dev.mnc.testdata.OnnxModelBuilder;
import dev.mnc.testdata.OrtOracle;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The DB-head pattern of PP-OCRv3's detector, ConvTranspose -> BatchNormalization -> Relu (and a
 * padded ConvTranspose -> Clip(0, 6)), from ONNX through the default native pipeline into .mnc,
 * run by the runtime and compared with ONNX Runtime on the original model. The activations end
 * up fused into the transposed convs (opcode 29), so this checks the fusion, the lowering and the
 * kernel against an oracle nobody here wrote.
 */
class ConvTransposeOrtTest {

    @Test
    void fusedReluAndRelu6AfterTransposedConvsMatchOnnxRuntime() throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder(13, 5)
                .input("x", 1L, 6L, 5L, 4L)
                .randomInitializer("w1", -1f, 1f, 6, 4, 2, 2)
                .randomInitializer("b1", -1f, 1f, 4)
                .randomInitializer("gamma", 0.5f, 2f, 4)
                .randomInitializer("beta", -1f, 1f, 4)
                .randomInitializer("mean", -0.5f, 0.5f, 4)
                .randomInitializer("var", 0.5f, 2f, 4)
                .randomInitializer("w2", -1.5f, 1.5f, 4, 3, 3, 3)
                .initializer("lo", new float[] {0f})
                .initializer("hi", new float[] {6f})
                .node("ConvTranspose", "x,w1,b1 -> t1", ints("strides", 2, 2))
                .node("BatchNormalization", "t1,gamma,beta,mean,var -> n1")
                .node("Relu", "n1 -> r1")
                .node("ConvTranspose", "r1,w2 -> t2", ints("strides", 2, 2), ints("pads", 1, 1, 1, 1),
                        ints("output_padding", 1, 1))
                .node("Clip", "t2,lo,hi -> y")
                .output("y");
        var onnx = b.build();
        float[] x = new float[6 * 5 * 4];
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (4 * r.nextDouble() - 2);
        }
        float[] expected = OrtOracle.run(onnx, Map.of("x", x), Map.of("x", new long[] {1, 6, 5, 4})).get(0).data();

        byte[] mnc = MncFuzzTest.compile(OnnxImporter.importModel(onnx.toByteArray(), "db_head.onnx", null,
                ImportOptions.defaults()));
        try (Model m = Model.load(ByteBuffer.wrap(mnc), "db_head.mnc"); Session s = m.newSession()) {
            assertThat(m.formatVersion()).isEqualTo("1.2");
            assertThat(m.ops()).filteredOn(op -> op.startsWith("conv_transpose2d")).hasSize(2);
            assertThat(m.ops()).noneMatch(op -> op.startsWith("relu") || op.startsWith("clip")
                    || op.startsWith("batch_norm"));
            assertThat(m.inputs().get(0).shape()).containsExactly(1, 6, 5, 4);
            float[] got = s.run(Map.of("x", Tensor.ofFloats(new int[] {1, 6, 5, 4}, x))).get("y").floats();
            assertThat(got).hasSameSizeAs(expected);
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < got.length; i++) {
                scale = Math.max(scale, Math.abs(expected[i]));
                worst = Math.max(worst, Math.abs(got[i] - expected[i]));
            }
            assertThat(worst).as("max |mnc - ONNX Runtime| (largest |output| %s)", scale)
                    .isLessThanOrEqualTo(1e-5 * scale);
        }
        assertThat(expected).as("the relu6 clamps at both ends, so an ignored activation would show")
                .contains(0f, 6f);
    }
}
