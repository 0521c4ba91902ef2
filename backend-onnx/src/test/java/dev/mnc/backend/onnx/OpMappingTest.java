package dev.mnc.backend.onnx;

import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static dev.mnc.testdata.OnnxModelBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.onnx.proto.Onnx.ModelProto;
import dev.mnc.onnx.proto.Onnx.NodeProto;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import dev.mnc.testdata.OnnxModelBuilder;
import org.junit.jupiter.api.Test;

/**
 * Every IR op written back to ONNX: small models built with {@link OnnxModelBuilder} are imported,
 * written and compared with the source in ONNX Runtime ({@link OrtRoundTrip}). Each test names
 * the ops and attributes it exercises.
 */
class OpMappingTest {

    private static void roundTrip(OnnxModelBuilder b) {
        OrtRoundTrip.check(b.toBytes(), ImportOptions.defaults());
    }

    @Test
    void convWithPadsStridesDilationsAndBias() {
        roundTrip(new OnnxModelBuilder(13).input("x", 1, 3, 11, 9)
                .randomInitializer("w", 6, 3, 3, 3).randomInitializer("b", 6)
                .node("Conv", "x,w,b -> y", ints("pads", 1, 0, 2, 1), ints("strides", 2, 1), ints("dilations", 1, 2))
                .output("y"));
    }

    @Test
    void groupedAndDepthwiseConv() {
        roundTrip(new OnnxModelBuilder(13).input("x", 1, 8, 7, 7)
                .randomInitializer("g", 8, 4, 3, 3).randomInitializer("d", 16, 1, 3, 3)
                .node("Conv", "x,g -> a", ints("pads", 1, 1, 1, 1), attr("group", 2))
                .node("Conv", "a,d -> y", ints("pads", 1, 1, 1, 1), attr("group", 8))
                .output("y"));
    }

    @Test
    void convTransposeWithOutputPadding() {
        roundTrip(new OnnxModelBuilder(13).input("x", 1, 4, 5, 6)
                .randomInitializer("w", 4, 3, 3, 3).randomInitializer("b", 3)
                .node("ConvTranspose", "x,w,b -> y", ints("strides", 2, 2), ints("pads", 1, 1, 1, 1),
                        ints("output_padding", 1, 0))
                .output("y"));
    }

    @Test
    void batchNormOnImagesAndVectors() {
        roundTrip(new OnnxModelBuilder(13).input("x", 1, 4, 3, 3).input("v", 2, 4)
                .randomInitializer("s", 4).randomInitializer("o", 4).randomInitializer("m", 4)
                .randomInitializer("var", 0.5f, 2f, 4)
                .node("BatchNormalization", "x,s,o,m,var -> y", attr("epsilon", 1e-3f))
                .node("BatchNormalization", "v,s,o,m,var -> z")
                .output("y").output("z"));
    }

    @Test
    void activations() {
        roundTrip(new OnnxModelBuilder(13).input("x", 1, 4, 5, 5)
                .initializer("lo", new float[] {-0.5f}).initializer("hi", new float[] {0.25f})
                .node("Relu", "x -> a").node("Sigmoid", "x -> b")
                .node("HardSigmoid", "x -> c", attr("alpha", 0.3f), attr("beta", 0.4f))
                .node("LeakyRelu", "x -> d", attr("alpha", 0.1f))
                .node("Clip", "x,lo,hi -> e").node("Clip", "x,,hi -> f").node("Clip", "x,lo -> g")
                .node("Identity", "x -> h")
                .output("a").output("b").output("c").output("d").output("e").output("f").output("g").output("h"));
    }

    @Test
    void arithmeticWithBroadcastConstants() {
        roundTrip(new OnnxModelBuilder(13).input("x", 1, 4, 3, 3).input("y", 1, 4, 1, 1)
                .randomInitializer("c", 4, 1, 1).initializer("k", new float[] {2.5f})
                .node("Add", "x,c -> a").node("Sub", "k,a -> b").node("Mul", "b,y -> m").node("Div", "m,k -> d")
                .output("d"));
    }

    @Test
    void pooling() {
        roundTrip(new OnnxModelBuilder(13).input("x", 1, 3, 9, 8)
                .node("AveragePool", "x -> a", ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                        ints("pads", 1, 1, 1, 1), attr("count_include_pad", 1))
                .node("AveragePool", "x -> b", ints("kernel_shape", 2, 2), ints("strides", 2, 2), attr("ceil_mode", 1))
                .node("MaxPool", "x -> c", ints("kernel_shape", 3, 2), ints("pads", 1, 0, 1, 1))
                .node("GlobalAveragePool", "x -> d")
                .node("ReduceMean", "x -> e", ints("axes", 1, 3), attr("keepdims", 0))
                .output("a").output("b").output("c").output("d").output("e"));
    }

    @Test
    void shapesAndDataMovement() {
        roundTrip(new OnnxModelBuilder(13).input("x", 1, 4, 3, 2)
                .initializer("idx", new long[] {2, 0}, 2)
                .initializer("starts", new long[] {0, 3}, 2).initializer("ends", new long[] {4, 0}, 2)
                .initializer("axes", new long[] {1, 2}, 2).initializer("steps", new long[] {2, -1}, 2)
                .node("Flatten", "x -> f")
                .node("Transpose", "x -> t", ints("perm", 0, 2, 3, 1))
                .node("Concat", "x,x -> c", attr("axis", 1))
                .node("Softmax", "x -> s", attr("axis", 1))
                .node("Gather", "x,idx -> g", attr("axis", 1))
                .node("Slice", "x,starts,ends,axes,steps -> sl")
                .node("Cast", "x -> i", attr("to", (long) TensorProto.DataType.INT32_VALUE))
                .node("Cast", "i -> back", attr("to", (long) TensorProto.DataType.FLOAT_VALUE))
                .output("f").output("t").output("c").output("s").output("g").output("sl").output("back"));
    }

    @Test
    void padModes() {
        roundTrip(new OnnxModelBuilder(13).input("x", 1, 2, 4, 5)
                .initializer("p", new long[] {0, 0, 1, 2, 0, 0, 2, 1}, 8).initializer("v", new float[] {0.5f})
                .node("Pad", "x,p,v -> a").node("Pad", "x,p -> b", attr("mode", "reflect"))
                .node("Pad", "x,p -> c", attr("mode", "edge"))
                .output("a").output("b").output("c"));
    }

    @Test
    void resizeByScalesAndBySizes() {
        roundTrip(new OnnxModelBuilder(13).input("x", 1, 2, 5, 7)
                .initializer("s", new float[] {1, 1, 2, 2}, 4).initializer("z", new long[] {1, 2, 9, 4}, 4)
                .node("Resize", "x,,s -> a", attr("mode", "nearest"),
                        attr("coordinate_transformation_mode", "asymmetric"), attr("nearest_mode", "floor"))
                .node("Resize", "x,,,z -> b", attr("mode", "linear"),
                        attr("coordinate_transformation_mode", "half_pixel"))
                .node("Resize", "x,,,z -> c", attr("mode", "nearest"),
                        attr("coordinate_transformation_mode", "pytorch_half_pixel"), attr("nearest_mode", "round_prefer_ceil"))
                .output("a").output("b").output("c"));
    }

    @Test
    void gemmAndMatMul() {
        roundTrip(new OnnxModelBuilder(13).input("x", 2, 6)
                .randomInitializer("w", 6, 5).randomInitializer("wt", 5, 6).randomInitializer("c", 5)
                .randomInitializer("m", 5, 3)
                .node("Gemm", "x,w,c -> a", attr("alpha", 0.5f))
                .node("Gemm", "x,wt -> b", attr("transB", 1L))
                .node("Add", "a,b -> s")
                .node("MatMul", "s,m -> y")
                .output("y"));
    }

    @Test
    void hardSwishIsTheOpAtOpset14AndPrimitiveAtOpset13() throws Exception {
        byte[] source = new OnnxModelBuilder(14).input("x", 1, 3, 4, 4).node("HardSwish", "x -> y").output("y").toBytes();
        Graph g = OnnxImporter.importModel(source, "hs.onnx", null, ImportOptions.defaults());

        ModelProto at14 = ModelProto.parseFrom(OnnxWriter.write(g));
        assertThat(at14.getOpsetImport(0).getVersion()).isEqualTo(14);
        assertThat(at14.getGraph().getNodeList()).extracting(NodeProto::getOpType).containsExactly("HardSwish");
        OrtRoundTrip.compare(source, g, at14.toByteArray());

        byte[] at13 = OnnxWriter.write(g, OnnxWriterOptions.defaults().withMaxOpset(13));
        ModelProto m13 = ModelProto.parseFrom(at13);
        assertThat(m13.getOpsetImport(0).getVersion()).isEqualTo(13);
        assertThat(m13.getGraph().getNodeList()).extracting(NodeProto::getOpType)
                .containsExactly("Add", "Clip", "Mul", "Div");
        OrtRoundTrip.compare(source, g, at13);
    }

    @Test
    void graphsWithoutHardSwishStayAtOpset13() throws Exception {
        byte[] source = new OnnxModelBuilder(13).input("x", 1, 3).node("Relu", "x -> y").output("y").toBytes();
        Graph g = OnnxImporter.importModel(source, "r.onnx", null, ImportOptions.defaults());
        ModelProto m = ModelProto.parseFrom(OnnxWriter.write(g));
        assertThat(m.getOpsetImport(0).getVersion()).isEqualTo(13);
        assertThat(m.getIrVersion()).isEqualTo(OnnxWriter.IR_VERSION);
        assertThat(m.getProducerName()).isEqualTo("mnc");
    }
}
