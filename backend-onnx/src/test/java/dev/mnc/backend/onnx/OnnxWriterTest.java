package dev.mnc.backend.onnx;

import static dev.mnc.testdata.OnnxModelBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.text.IrParser;
import dev.mnc.onnx.proto.Onnx.ModelProto;
import dev.mnc.onnx.proto.Onnx.NodeProto;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import dev.mnc.onnx.proto.Onnx.ValueInfoProto;
import dev.mnc.passes.BuiltinPasses;
import dev.mnc.passes.FoldBatchNorm;
import dev.mnc.passes.FuseActivation;
import dev.mnc.passes.IoLayout;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.Pipeline;
import dev.mnc.passes.PipelineOptions;
import dev.mnc.passes.RecognizeHardSwish;
import dev.mnc.passes.Target;
import dev.mnc.testdata.OnnxModelBuilder;
import org.junit.jupiter.api.Test;

/** What the writer keeps (names, metadata), what passes may leave for it, and what it refuses. */
class OnnxWriterTest {

    /** conv -> batch_norm -> clip(0,6) -> add(residual) -> relu, the shape the fusing passes work on. */
    private static byte[] convBlock() {
        return new OnnxModelBuilder(13).input("image", 1, 4, 6, 6)
                .randomInitializer("w", 4, 4, 3, 3).randomInitializer("gamma", 0.5f, 1.5f, 4)
                .randomInitializer("beta", 4).randomInitializer("mean", 4).randomInitializer("var", 0.5f, 2f, 4)
                .initializer("zero", new float[] {0f}).initializer("six", new float[] {6f})
                .namedNode("conv1", "Conv", "image,w -> c", ints("pads", 1, 1, 1, 1))
                .namedNode("bn1", "BatchNormalization", "c,gamma,beta,mean,var -> n")
                .namedNode("relu6", "Clip", "n,zero,six -> r")
                .namedNode("residual", "Add", "r,image -> s")
                .namedNode("final_relu", "Relu", "s -> features")
                .output("features").toBytes();
    }

    @Test
    void namesOfValuesNodesInputsAndOutputsSurvive() throws Exception {
        byte[] source = convBlock();
        Graph g = OnnxImporter.importModel(source, "block.onnx", null, ImportOptions.defaults());
        g.metadata().put("mnc.note", "kept");
        ModelProto m = ModelProto.parseFrom(OnnxWriter.write(g));
        assertThat(m.getGraph().getInputList()).extracting(ValueInfoProto::getName).containsExactly("image");
        assertThat(m.getGraph().getOutputList()).extracting(ValueInfoProto::getName).containsExactly("features");
        assertThat(m.getGraph().getNodeList()).extracting(NodeProto::getName)
                .containsExactly("conv1", "bn1", "relu6", "residual", "final_relu");
        assertThat(m.getGraph().getNodeList()).flatExtracting(NodeProto::getOutputList)
                .containsExactly("c", "n", "r", "s", "features");
        assertThat(m.getGraph().getInitializerList()).extracting(TensorProto::getName)
                .contains("w", "gamma", "beta", "mean", "var");
        assertThat(m.getMetadataPropsList()).anySatisfy(p -> {
            assertThat(p.getKey()).isEqualTo("mnc.note");
            assertThat(p.getValue()).isEqualTo("kept");
        });
        OrtRoundTrip.compare(source, g, m.toByteArray());
    }

    @Test
    void foldedAndFusedGraphsStillComputeTheSourceModel() throws Exception {
        byte[] source = convBlock();
        Graph g = OnnxImporter.importModel(source, "block.onnx", null, ImportOptions.defaults());
        Pipeline.of("fold-and-fuse", new FoldBatchNorm(), new FuseActivation()).run(g, PassContext.defaults());
        ModelProto m = ModelProto.parseFrom(OnnxWriter.write(g));
        // conv gains the folded bias and relu6; the add keeps its relu: both activations become nodes.
        assertThat(m.getGraph().getNodeList()).extracting(NodeProto::getOpType)
                .containsExactly("Conv", "Clip", "Add", "Relu");
        OrtRoundTrip.compare(source, g, m.toByteArray());
    }

    @Test
    void recognizedHardSwishIsWrittenAsTheOpset14Op() throws Exception {
        byte[] source = new OnnxModelBuilder(11).input("x", 1, 2, 3, 3)
                .initializer("three", new float[] {3f}).initializer("six", new float[] {6f})
                .initializer("zero", new float[] {0f})
                .node("Add", "x,three -> a").node("Clip", "a,zero,six -> c").node("Mul", "x,c -> m")
                .node("Div", "m,six -> y").output("y").toBytes();
        Graph g = OnnxImporter.importModel(source, "hs.onnx", null, ImportOptions.defaults());
        Pipeline.of("hs", new RecognizeHardSwish()).run(g, PassContext.defaults());
        ModelProto m = ModelProto.parseFrom(OnnxWriter.write(g));
        assertThat(m.getOpsetImport(0).getVersion()).isEqualTo(14);
        assertThat(m.getGraph().getNodeList()).extracting(NodeProto::getOpType).containsExactly("HardSwish");
        OrtRoundTrip.compare(source, g, m.toByteArray());
    }

    @Test
    void constantAndRepeatedGraphOutputs() throws Exception {
        Graph g = IrParser.parse("""
                graph @g(%x: f32[2]) {
                  %y = relu(%x)
                  return %y, @c
                }
                const @c: f32[2] = [1.5, -2.0]
                """);
        ModelProto m = ModelProto.parseFrom(OnnxWriter.write(g));
        assertThat(m.getGraph().getOutputList()).extracting(ValueInfoProto::getName).containsExactly("y", "c");
        assertThat(m.getGraph().getNodeList()).extracting(NodeProto::getOpType).containsExactly("Identity", "Relu");
        try (var o = dev.mnc.testdata.OrtOracle.load(m)) {
            var out = o.run(java.util.Map.of("x", new float[] {-1, 3}), java.util.Map.of("x", new long[] {2}));
            assertThat(out.get(0).data()).containsExactly(0f, 3f);
            assertThat(out.get(1).data()).containsExactly(1.5f, -2f);
        }

        Graph twice = IrParser.parse("graph @g(%x: f32[2]) {\n %y = relu(%x)\n return %y, %y\n}\n");
        assertThatThrownBy(() -> OnnxWriter.write(twice)).isInstanceOf(MncException.class)
                .hasMessageContaining("lists output y twice");
    }

    @Test
    void nhwcGraphsAreRefusedNamingTheNode() {
        Graph g = OnnxImporter.importModel(convBlock(), "block.onnx", null, ImportOptions.defaults());
        BuiltinPasses.defaultPipeline(Target.TFLITE, PipelineOptions.defaults().withIoLayout(IoLayout.NHWC))
                .run(g, PassContext.defaults());
        assertThatThrownBy(() -> OnnxWriter.write(g)).isInstanceOf(MncException.class)
                .hasMessageContaining("node 'conv1' (conv2d)")
                .hasMessageContaining("write the model before layout-nhwc");
    }

    @Test
    void quantizedGraphsAreRefusedNamingTheNode() {
        Graph g = IrParser.parse("""
                graph @g(%x: f32[1,4]) {
                  %q = quantize(%x) {to=i8} : i8[1,4] q(0.1, 3) loc("Quant_0")
                  %y = dequantize(%q) : f32[1,4] loc("Dequant_0")
                  return %y
                }
                """);
        assertThatThrownBy(() -> OnnxWriter.write(g)).isInstanceOf(MncException.class)
                .hasMessageContaining("node 'Quant_0' (quantize)").hasMessageContaining("float models");

        Graph q = IrParser.parse("graph @g(%x: i8[4] q(0.5, 0)) {\n %y = relu(%x) : i8[4] loc(\"Relu_7\")\n return %y\n}\n");
        q.value("y").orElseThrow().setQuant(QuantParams.perTensor(0.5f, 0));
        assertThatThrownBy(() -> OnnxWriter.write(q)).isInstanceOf(MncException.class)
                .hasMessageContaining("node 'Relu_7' (relu)").hasMessageContaining("is quantized");
    }

    @Test
    void refusesNhwcGraphs() {
        Graph nhwc = OnnxImporter.importModel(convBlock(), "block.onnx", null, ImportOptions.defaults());
        BuiltinPasses.defaultPipeline(Target.TFLITE, PipelineOptions.defaults()).run(nhwc, PassContext.defaults());
        assertThatThrownBy(() -> OnnxWriter.write(nhwc)).isInstanceOf(MncException.class);
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> OnnxWriterOptions.defaults().withMaxOpset(12)).isInstanceOf(MncException.class)
                .hasMessageContaining("opset 13 or 14");
        assertThatThrownBy(() -> OnnxWriterOptions.defaults().withProducerName(" ")).isInstanceOf(MncException.class);
    }
}
