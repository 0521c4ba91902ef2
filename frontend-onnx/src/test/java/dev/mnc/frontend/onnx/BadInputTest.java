package dev.mnc.frontend.onnx;

import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static dev.mnc.testdata.OnnxModelBuilder.floatTensor;
import static dev.mnc.testdata.OnnxModelBuilder.floats;
import static dev.mnc.testdata.OnnxModelBuilder.rawTensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.onnx.proto.Onnx.ModelProto;
import dev.mnc.onnx.proto.Onnx.NodeProto;
import dev.mnc.onnx.proto.Onnx.StringStringEntryProto;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import dev.mnc.testdata.OnnxModelBuilder;
import dev.mnc.testdata.PaddleModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and hostile models: each ends in an {@link MncException} with a one-line message that
 * names the file and, where it applies, the node, op, domain and opset; never another exception.
 * {@link OnnxFuzzTest} damages real models at random.
 */
class BadInputTest {

    private static OnnxModelBuilder tiny() {
        return new OnnxModelBuilder(13).input("x", 1, 2, 4, 4).randomInitializer("w", 3, 2, 1, 1)
                .node("Conv", "x,w -> y").output("y");
    }

    private static void importBytes(byte[] bytes) {
        OnnxImporter.importModel(bytes, "bad.onnx", null, ImportOptions.defaults());
    }

    @Test
    void truncatedFile() {
        byte[] full = PaddleModels.CLASSIFIER.bytes();
        assertThatThrownBy(() -> importBytes(Arrays.copyOf(full, full.length * 3 / 5)))
                .isExactlyInstanceOf(MncException.class)
                .hasMessageStartingWith("bad.onnx: is not a readable ONNX file, it may be truncated or corrupted (");
    }

    @Test
    void everyTruncationOfASmallModelFailsCleanly() {
        byte[] full = tiny().toBytes();
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            assertThatThrownBy(() -> importBytes(cut)).as("truncated to %d bytes", len)
                    .isExactlyInstanceOf(MncException.class).hasMessageStartingWith("bad.onnx: ");
        }
    }

    @Test
    void randomBytesAndEmptyFiles() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[1 + r.nextInt(2000)];
            for (int j = 0; j < junk.length; j++) {
                junk[j] = (byte) r.nextInt(256);
            }
            assertThatThrownBy(() -> importBytes(junk)).isExactlyInstanceOf(MncException.class)
                    .hasMessageStartingWith("bad.onnx: ");
        }
        assertThatThrownBy(() -> importBytes(new byte[0])).hasMessage("bad.onnx: has no ir_version: not an ONNX model, "
                + "or a corrupted one");
    }

    @Test
    void unsupportedOpNamesNodeOpDomainAndOpset() {
        Ir.fails(tiny().namedNode("my_erf", "Erf", "y -> z").output("z"))
                .hasMessageStartingWith("test.onnx: node 'my_erf' (Erf, ai.onnx opset 13): op Erf is not supported; "
                        + "mnc imports Add, AveragePool,");
    }

    @Test
    void otherDomainsAreRefusedByName() {
        NodeProto fused = NodeProto.newBuilder().setName("fc").setOpType("FusedConv").setDomain("com.microsoft")
                .addInput("y").addOutput("z").build();
        Ir.fails(tiny().importOpset("com.microsoft", 1).node(fused).output("z"))
                .hasMessage("test.onnx: node 'fc' (FusedConv, com.microsoft opset 1): domain 'com.microsoft' is not "
                        + "supported; mnc imports ops of the default domain ai.onnx only");
        Ir.fails(tiny().node(fused).output("z")).hasMessageContaining("(FusedConv, com.microsoft opset -1)")
                .hasMessageContaining("is not imported by the model");
    }

    @Test
    void unsupportedOpsets() {
        for (int opset : new int[] {6, 22}) {
            Ir.fails(new OnnxModelBuilder(opset).input("x", 2).node("Relu", "x -> y").output("y"))
                    .hasMessage("test.onnx: uses opset " + opset + " of the default domain ai.onnx; mnc imports opsets 7 "
                            + "to 21: re-export the model at an opset in that range");
        }
    }

    @Test
    void unsupportedAndMistypedAttributes() {
        Ir.fails(new OnnxModelBuilder(13).input("x", 1, 2, 4, 4).randomInitializer("w", 3, 2, 1, 1)
                .namedNode("c", "Conv", "x,w -> y", attr("fancy", 1)).output("y"))
                .hasMessage("test.onnx: node 'c' (Conv, ai.onnx opset 13): attribute 'fancy' is not supported for this op");
        Ir.fails(new OnnxModelBuilder(13).input("x", 1, 2, 4, 4).randomInitializer("w", 3, 2, 1, 1)
                .namedNode("c", "Conv", "x,w -> y", floats("pads", 1, 1, 1, 1)).output("y"))
                .hasMessageContaining("attribute 'pads' must be INTS, got FLOATS");
    }

    @Test
    void missingInputsUndefinedValuesCyclesAndDuplicates() {
        Ir.fails(new OnnxModelBuilder(13).input("x", 1, 2, 4, 4).namedNode("c", "Conv", "x -> y").output("y"))
                .hasMessage("test.onnx: node 'c' (Conv, ai.onnx opset 13): takes 2 to 3 inputs, got 1");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2).namedNode("r", "Add", "x,ghost -> y").output("y"))
                .hasMessage("test.onnx: node 'r' (Add, ai.onnx opset 13) reads 'ghost', which no graph input, "
                        + "initializer or node defines");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2).namedNode("a", "Add", "x,b -> a_out")
                .namedNode("b", "Relu", "a_out -> b").output("b"))
                .hasMessage("test.onnx: the graph has a cycle through node 'a' (Add, ai.onnx opset 13)");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2).namedNode("r1", "Relu", "x -> y").namedNode("r2", "Relu", "x -> y")
                .output("y")).hasMessage("test.onnx: node 'r2' (Relu, ai.onnx opset 13): output 'y' is already defined "
                        + "by node 'r1' (Relu, ai.onnx opset 13)");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2).initializer("c", new float[] {1}).initializer("c", new float[] {2})
                .node("Add", "x,c -> y").output("y")).hasMessage("test.onnx: initializer 'c' is defined twice");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2).node("Relu", "x -> y").output("z"))
                .hasMessage("test.onnx: graph output 'z' is never defined");
    }

    @Test
    void hugeDimsAreRefusedBeforeAllocating() {
        Ir.fails(new OnnxModelBuilder(13).input("x", 2)
                .tensor(rawTensor("w", TensorProto.DataType.FLOAT_VALUE, new byte[4], 1 << 20, 1 << 20, 1 << 20))
                .node("Add", "x,w -> y").output("y"))
                .hasMessageStartingWith("test.onnx: initializer 'w': shape [1048576,1048576,1048576] has more than");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2)
                .tensor(rawTensor("w", TensorProto.DataType.FLOAT_VALUE, new byte[4], 1 << 15, 1 << 15))
                .node("Add", "x,w -> y").output("y"))
                .hasMessage("test.onnx: initializer 'w': raw data has 4 bytes but FLOAT[32768,32768] needs 4294967296");
        Ir.fails(new OnnxModelBuilder(13).input("x", 1, 100000, 100000, 100000).node("Relu", "x -> y").output("y"))
                .hasMessageContaining("graph input 'x': shape [1,100000,100000,100000] has more than");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2)
                .tensor(rawTensor("w", TensorProto.DataType.FLOAT_VALUE, new byte[4], 1, 1, 1, 1, 1, 1, 1, 1, 1))
                .node("Add", "x,w -> y").output("y"))
                .hasMessage("test.onnx: initializer 'w': rank 9 exceeds the supported maximum of 8");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2).initializer("s", new long[] {1L << 26}, 1)
                .node("ConstantOfShape", "s -> c").node("Add", "x,c -> y").output("y"))
                .hasMessageContaining("(ConstantOfShape, ai.onnx opset 13)").hasMessageContaining("exceeds the limit");
    }

    @Test
    void sparseInitializersAreRefused() {
        ModelProto.Builder m = new OnnxModelBuilder(13).input("x", 2).node("Relu", "x -> y").output("y").build().toBuilder();
        m.getGraphBuilder().addSparseInitializer(dev.mnc.onnx.proto.Onnx.SparseTensorProto.newBuilder()
                .setValues(floatTensor("s", new float[] {1}, 1)).addDims(4));
        Ir.fails(m.build(), ImportOptions.defaults()).hasMessage("test.onnx: sparse initializers (such as 's') are not "
                + "supported; store the weights dense");
    }

    @Test
    void tooManyNodes() {
        ModelProto.Builder m = new OnnxModelBuilder(13).input("x", 2).output("v200001").build().toBuilder();
        NodeProto.Builder n = NodeProto.newBuilder().setOpType("Identity");
        for (int i = 1; i <= 200_001; i++) {
            m.getGraphBuilder().addNode(n.clearInput().clearOutput().addInput(i == 1 ? "x" : "v" + (i - 1)).addOutput("v" + i));
        }
        Ir.fails(m.build(), ImportOptions.defaults()).hasMessage("test.onnx: the graph has 200001 nodes, more than the limit "
                + "of 200000");
    }

    @Test
    void dataLengthDisagreeingWithDims() {
        TensorProto fiveForSix = floatTensor("w", new float[6], 2, 3).toBuilder().clearFloatData()
                .addAllFloatData(Arrays.asList(1f, 2f, 3f, 4f, 5f)).build();
        Ir.fails(new OnnxModelBuilder(13).input("x", 2, 3).tensor(fiveForSix).node("Add", "x,w -> y").output("y"))
                .hasMessage("test.onnx: initializer 'w': holds 5 values but FLOAT[2,3] needs 6");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2)
                .tensor(rawTensor("w", TensorProto.DataType.FLOAT_VALUE, new byte[7], 2)).node("Add", "x,w -> y").output("y"))
                .hasMessage("test.onnx: initializer 'w': raw data has 7 bytes but FLOAT[2] needs 8");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2)
                .tensor(TensorProto.newBuilder().setName("w").setDataType(1).addDims(2).build())
                .node("Add", "x,w -> y").output("y")).hasMessage("test.onnx: initializer 'w': has no data (FLOAT[2])");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2)
                .tensor(rawTensor("w", TensorProto.DataType.FLOAT_VALUE, new byte[8], -2)).node("Add", "x,w -> y").output("y"))
                .hasMessage("test.onnx: initializer 'w': dim 0 is negative (-2)");
    }

    @Test
    void missingOrUnreadableFiles(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> OnnxImporter.importModel(dir.resolve("nope.onnx"), ImportOptions.defaults()))
                .isExactlyInstanceOf(MncException.class).hasMessage("nope.onnx: file not found");
        Files.createDirectory(dir.resolve("d.onnx"));
        assertThatThrownBy(() -> OnnxImporter.importModel(dir.resolve("d.onnx"), ImportOptions.defaults()))
                .isExactlyInstanceOf(MncException.class).hasMessage("d.onnx: is not a regular file");
    }

    // ---- external data ----------------------------------------------------------------------

    private static final float[] WEIGHTS = {0.5f, -1.25f, 2f, 3.5f, -0.75f, 1f};

    /** A model whose 3x2x1x1 conv weight lives in an external file at {@code location}. */
    private static ModelProto externalModel(String location, long offset, long length) {
        TensorProto.Builder w = TensorProto.newBuilder().setName("w").setDataType(1).addAllDims(Arrays.asList(3L, 2L, 1L, 1L))
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue(Long.toString(offset)));
        if (length >= 0) {
            w.addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue(Long.toString(length)));
        }
        return new OnnxModelBuilder(13).input("x", 1, 2, 4, 4).tensor(w.build()).node("Conv", "x,w -> y").output("y").build();
    }

    private static byte[] weightBytes(int padding) {
        ByteBuffer b = ByteBuffer.allocate(padding + 4 * WEIGHTS.length).order(ByteOrder.LITTLE_ENDIAN);
        b.position(padding);
        for (float f : WEIGHTS) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static Graph importFile(Path model) {
        return OnnxImporter.importModel(model, ImportOptions.defaults());
    }

    @Test
    void externalDataInsideTheFolderIsRead(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("weights"));
        Files.write(dir.resolve("weights/conv.bin"), weightBytes(16));
        Path model = dir.resolve("m.onnx");
        Files.write(model, externalModel("weights/../weights/conv.bin", 16, 24).toByteArray());
        Graph g = importFile(model);
        assertThat(g.value("w").orElseThrow().data().floats()).containsExactly(WEIGHTS);
    }

    @Test
    void externalDataMayNotLeaveTheFolder(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("model"));
        Files.write(root.resolve("secret.bin"), weightBytes(0));
        Path model = dir.resolve("m.onnx");

        Files.write(model, externalModel("../secret.bin", 0, -1).toByteArray());
        assertThatThrownBy(() -> importFile(model)).isExactlyInstanceOf(MncException.class)
                .hasMessage("m.onnx: initializer 'w': external data location '../secret.bin' leaves the model's folder");

        Files.write(model, externalModel(root.resolve("secret.bin").toString(), 0, -1).toByteArray());
        assertThatThrownBy(() -> importFile(model)).isExactlyInstanceOf(MncException.class)
                .hasMessageContaining("is absolute; only paths relative to the model's folder are allowed");

        Files.createSymbolicLink(dir.resolve("link.bin"), root.resolve("secret.bin"));
        Files.write(model, externalModel("link.bin", 0, -1).toByteArray());
        assertThatThrownBy(() -> importFile(model)).isExactlyInstanceOf(MncException.class)
                .hasMessage("m.onnx: initializer 'w': external data location 'link.bin' is a link that leads out of the "
                        + "model's folder");
    }

    @Test
    void externalDataRangeIsCheckedAgainstTheFile(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("w.bin"), weightBytes(0));
        Path model = dir.resolve("m.onnx");
        Files.write(model, externalModel("w.bin", 8, -1).toByteArray());
        assertThatThrownBy(() -> importFile(model)).isExactlyInstanceOf(MncException.class)
                .hasMessage("m.onnx: initializer 'w': external data needs 24 bytes at offset 8 of 'w.bin', which has only "
                        + "24 bytes");
        Files.write(model, externalModel("w.bin", 0, 1L << 40).toByteArray());
        assertThatThrownBy(() -> importFile(model)).hasMessageContaining("length 1099511627776 does not match the 24 bytes");
        Files.write(model, externalModel("missing.bin", 0, -1).toByteArray());
        assertThatThrownBy(() -> importFile(model)).hasMessageContaining("'missing.bin' not found next to the model");
        assertThatThrownBy(() -> OnnxImporter.importModel(externalModel("w.bin", 0, -1).toByteArray(), "mem.onnx", null,
                ImportOptions.defaults())).hasMessage("mem.onnx: initializer 'w': data is in external file 'w.bin' but "
                        + "the model was given without its folder; import it from its file");
    }
}
