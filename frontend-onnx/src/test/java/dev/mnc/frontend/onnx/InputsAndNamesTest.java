package dev.mnc.frontend.onnx;

import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static dev.mnc.testdata.OnnxModelBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.text.IrPrinter;
import dev.mnc.onnx.proto.Onnx.ModelProto;
import dev.mnc.onnx.proto.Onnx.NodeProto;
import dev.mnc.onnx.proto.Onnx.TensorShapeProto;
import dev.mnc.onnx.proto.Onnx.TypeProto;
import dev.mnc.onnx.proto.Onnx.ValueInfoProto;
import dev.mnc.testdata.OnnxModelBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Input binding and layout, names, origins, metadata and graph order. */
class InputsAndNamesTest {

    /** What tf2onnx writes for a Keras MobileNet: an NHWC input transposed to NCHW, SAME padding, Squeeze. */
    @Test
    void tf2onnxNhwcInputStaysWithoutLayoutAndKeepsItsTranspose() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("input_1:0", "unk__7", 8, 8, 3)
                .initializer("scale", new float[] {1 / 127.5f}).initializer("shift", new float[] {-1f})
                .randomInitializer("w", 4, 3, 3, 3).randomInitializer("W", 4, 10).randomInitializer("b", 10)
                .initializer("lo", new float[] {0f}).initializer("hi", new float[] {6f})
                .initializer("sq", new long[] {2, 3}, 2)
                .node("Mul", "input_1:0,scale -> scaled").node("Add", "scaled,shift -> norm")
                .node("Transpose", "norm -> nchw", ints("perm", 0, 3, 1, 2))
                .node("Conv", "nchw,w -> conv", attr("auto_pad", "SAME_UPPER"), ints("strides", 2, 2))
                .node("Clip", "conv,lo,hi -> relu6").node("GlobalAveragePool", "relu6 -> pool")
                .node("Squeeze", "pool,sq -> feat").node("MatMul", "feat,W -> logits0").node("Add", "logits0,b -> logits")
                .node("Softmax", "logits -> Identity:0").output("Identity:0"));
        assertThat(ir).isEqualTo("""
                graph @test_graph(%"input_1:0": f32[1,8,8,3]) {
                  %scaled = mul(%"input_1:0", @scale) : f32[1,8,8,3]
                  %norm = add(%scaled, @shift) : f32[1,8,8,3]
                  %nchw = transpose(%norm) {perm=[0,3,1,2]} : f32[1,3,8,8] nchw
                  %conv = conv2d(%nchw, @w) {strides=[2,2], pads=[0,0,1,1], layout=nchw} : f32[1,4,4,4] nchw
                  %relu6 = clip(%conv) {min=0.0, max=6.0} : f32[1,4,4,4] nchw
                  %pool = mean(%relu6) {axes=[2,3], keep_dims=true} : f32[1,4,1,1] nchw
                  %feat = reshape(%pool) {shape=[1,4]} : f32[1,4]
                  %logits0 = matmul(%feat, @W) : f32[1,10]
                  %logits = add(%logits0, @b) : f32[1,10]
                  %"Identity:0" = softmax(%logits) {axis=1} : f32[1,10]
                  return %"Identity:0"
                }
                const @scale: f32[]
                const @shift: f32[]
                const @w: f32[4,3,3,3]
                const @W: f32[4,10]
                const @b: f32[10]
                """);
    }

    @Test
    void tensorFlowStyleNamesBindThroughTheLastColon() {
        ImportOptions o = ImportOptions.defaults().withInputShape("input_1:0:2,8,8,3");
        assertThat(o.inputShape("input_1:0")).containsExactly(2, 8, 8, 3);
        assertThatThrownBy(() -> ImportOptions.defaults().withInputShape("x1,3,224,224"))
                .isInstanceOf(MncException.class).hasMessageContaining("NAME:D0,D1");
        assertThatThrownBy(() -> ImportOptions.defaults().withInputShape("x:1,3,a,224"))
                .isInstanceOf(MncException.class).hasMessageContaining("dim 2 ('a') is not a number");
        assertThatThrownBy(() -> ImportOptions.defaults().withInputShape("x", 1, 0, 2))
                .isInstanceOf(MncException.class).hasMessageContaining("not positive");
    }

    private static OnnxModelBuilder paddleStyle() {
        return new OnnxModelBuilder(11).input("x", -1, 3, "?", "?").randomInitializer("w", 4, 3, 3, 3)
                .node("Conv", "x,w -> y", ints("strides", 2, 2)).output("y");
    }

    @Test
    void paddleDynamicDimsNeedABindingThatTheErrorSpellsOut() {
        Ir.fails(paddleStyle()).hasMessage("test.onnx: graph input 'x' [?,3,?,?] has dynamic dim 2 ('?'); pass its size "
                + "with --input-shape x:1,3,H,W");
        assertThat(Ir.of(paddleStyle(), ImportOptions.defaults().withInputShape("x", 2, 3, 9, 11)))
                .contains("%x: f32[2,3,9,11] nchw").contains("%y = conv2d(%x, @w) {strides=[2,2], layout=nchw} : f32[2,4,4,5] nchw");
    }

    @Test
    void badBindingsNameTheInput() {
        ModelProto m = paddleStyle().build();
        Ir.fails(m, ImportOptions.defaults().withInputShape("image", 1, 3, 8, 8))
                .hasMessage("test.onnx: --input-shape names 'image', which is not a graph input; inputs are [x]");
        Ir.fails(m, ImportOptions.defaults().withInputShape("x", 3, 8, 8))
                .hasMessageContaining("--input-shape x:3,8,8 has rank 3 but input 'x' has rank 4");
        Ir.fails(m, ImportOptions.defaults().withInputShape("x", 1, 4, 8, 8))
                .hasMessageContaining("changes the channel count of input 'x' from 3 to 4");
    }

    @Test
    void changingASizeTheGraphHardCodesNamesTheBinding() {
        OnnxModelBuilder b = new OnnxModelBuilder(13).input("x", 1, 2, 4, 4).initializer("s", new long[] {1, 32}, 2)
                .node("Reshape", "x,s -> y").output("y");
        Ir.fails(b.build(), ImportOptions.defaults().withInputShape("x", 1, 2, 8, 8))
                .hasMessageContaining("node 'Reshape_0' (Reshape, ai.onnx opset 13): cannot reshape")
                .hasMessageEndingWith("(input shapes changed by --input-shape: x [1,2,4,4] -> [1,2,8,8])");
    }

    @Test
    void inputWithoutShapeNeedsABinding() {
        OnnxModelBuilder b = new OnnxModelBuilder(13).inputWithoutShape("x").node("Relu", "x -> y").output("y");
        Ir.fails(b).hasMessageContaining("graph input 'x' has no shape; pass one with --input-shape x:D0,D1,...");
        assertThat(IrPrinter.structure(OnnxImporter.importModel(b.toBytes(), "m.onnx", null,
                ImportOptions.defaults().withInputShape("x", 2, 5)))).contains("%y = relu(%x) : f32[2,5]");
    }

    @Test
    void namesOriginsOutputsAndMetadataComeFromTheModel() {
        ModelProto m = new OnnxModelBuilder(12).producer("pytorch").input("input.1", "N", 2, 3, 3)
                .randomInitializer("onnx::Conv_5", 2, 2, 1, 1)
                .namedNode("/features/Conv", "Conv", "input.1,onnx::Conv_5 -> /features/Conv_output_0")
                .node(NodeProto.newBuilder().setOpType("Relu").addInput("/features/Conv_output_0").addOutput("relu_out").build())
                .output("relu_out").output("input.1").output("/features/Conv_output_0").build();
        Graph g = OnnxImporter.importModel(m.toByteArray(), "model.onnx", null, ImportOptions.defaults());
        assertThat(IrPrinter.print(g)).contains(
                "%/features/Conv_output_0 = conv2d(%input.1, @\"onnx::Conv_5\") {layout=nchw} : f32[1,2,3,3] nchw "
                        + "loc(\"/features/Conv\")",
                "%relu_out = relu(%/features/Conv_output_0) : f32[1,2,3,3] nchw loc(\"relu_out\")",
                "return %relu_out, %input.1, %/features/Conv_output_0");
        assertThat(g.metadata()).containsEntry("onnx.producer", "pytorch 1").containsEntry("onnx.opset", "12")
                .containsEntry("onnx.ir_version", "7");
        assertThat(g.name()).isEqualTo("test_graph");
    }

    @Test
    void nodesOutOfOrderAreSortedAndDeadOnesIgnored() {
        ModelProto m = new OnnxModelBuilder(13).input("x", 2, 2)
                .node("Sigmoid", "a -> y").node("Relu", "x -> a")
                .node("NotAnOnnxOp", "x -> unused").output("y").build();
        assertThat(Ir.unchecked(m)).isEqualTo("""
                graph @test_graph(%x: f32[2,2]) {
                  %a = relu(%x) : f32[2,2]
                  %y = sigmoid(%a) : f32[2,2]
                  return %y
                }
                """);
    }

    @Test
    void initializersListedAsInputsAreConstants() {
        OnnxModelBuilder b = new OnnxModelBuilder(8).irVersion(3).input("x", 1, 2, 4, 4).input("w", 3, 2, 1, 1)
                .randomInitializer("w", 3, 2, 1, 1).node("Conv", "x,w -> y").output("y");
        assertThat(Ir.of(b)).startsWith("graph @test_graph(%x: f32[1,2,4,4] nchw) {").contains("const @w: f32[3,2,1,1]");
    }

    @Test
    void aDeclaredStaticSizeOtherThanBatchMayChangeWhereTheGraphAllows() {
        ValueInfoProto in = ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(1).setShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(3))
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(32))
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(32))))).build();
        ModelProto m = new OnnxModelBuilder(13).randomInitializer("w", 4, 3, 3, 3).node("Conv", "x,w -> c")
                .node("GlobalAveragePool", "c -> p").node("Flatten", "p -> y").output("y").build();
        m = m.toBuilder().setGraph(m.getGraph().toBuilder().addInput(in)).build();
        Graph g = OrtCheck.importAndCompare(m, ImportOptions.defaults().withInputShape("x", 1, 3, 20, 24));
        assertThat(g.outputs().get(0).type().toString()).isEqualTo("f32[1,4]");
        assertThat(List.of(g.value("c").orElseThrow().type().toString())).containsExactly("f32[1,4,18,22] nchw");
    }
}
