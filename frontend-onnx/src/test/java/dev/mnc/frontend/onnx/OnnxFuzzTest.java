package dev.mnc.frontend.onnx;

import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static dev.mnc.testdata.OnnxModelBuilder.ints;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Verifier;
import dev.mnc.onnx.proto.Onnx.ModelProto;
import dev.mnc.onnx.proto.Onnx.StringStringEntryProto;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import dev.mnc.onnx.proto.Onnx.TensorShapeProto;
import dev.mnc.testdata.OnnxModelBuilder;
import dev.mnc.testdata.PaddleModels;
import dev.mnc.testdata.SharedData;
import dev.mnc.testdata.fuzz.ByteMutators;
import dev.mnc.testdata.fuzz.FuzzCampaign;
import dev.mnc.testdata.fuzz.OnnxMutators;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes {@link OnnxImporter} with damaged real models: byte-level damage (truncation, bit flips,
 * overwritten, repeated and deleted ranges, splices) and protobuf-level edits ({@link OnnxMutators}:
 * dims, element types, data lengths, external data, attributes, node inputs, op types, opsets, graph
 * structure). Every damaged model must import (into a graph the {@link Verifier} accepts) or fail
 * with an {@link MncException} whose one-line message starts with the file's name; anything else
 * (an index or null-pointer exception, an out-of-memory error, a case running over 5 s) fails the
 * test with the case's replay options.
 *
 * <p>CI runs 800 cases of the PaddleOCR classifier and small models and 60 of MobileNetV2 (about
 * 15 s). On demand, 10,000 per test: {@code mvn -q verify -Dmnc.fuzz.cases=10000 -pl frontend-onnx
 * -am -Dtest=OnnxFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}; a failing case replays alone with
 * the printed {@code -Dmnc.fuzz.seed=... -Dmnc.fuzz.case=...}.
 */
class OnnxFuzzTest {
    private static final String NAME = "fuzz.onnx";

    /** The models' folder: holds the external data file the seeds and mutators refer to. */
    @TempDir
    static Path dir;

    @BeforeAll
    static void externalDataFile() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 1024; i++) {
            b.putFloat(i * 0.25f - 7f);
        }
        Files.write(dir.resolve(OnnxMutators.EXTERNAL_FILE), b.array());
    }

    private static FuzzCampaign campaign(String name) {
        return FuzzCampaign.named(name)
                .mutators(ByteMutators.all())
                .mutators(OnnxMutators.all())
                .target(OnnxFuzzTest::importAndVerify)
                .typedErrors(MncException.class)
                .messagesStartWith(NAME + ": ");
    }

    /** Imports as the command line does; an imported graph that does not verify is an importer bug. */
    private static void importAndVerify(byte[] bytes) {
        Graph g = OnnxImporter.importModel(bytes, NAME, dir, ImportOptions.defaults());
        List<String> problems = Verifier.check(g);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the importer accepted a model into an invalid graph: " + problems);
        }
    }

    @Test
    void paddleOcrClassifierAndSmallModels() {
        campaign("onnx-paddle")
                .seed("ppocr-cls.onnx", staticInput(PaddleModels.CLASSIFIER.bytes(), "x", 1, 3, 48, 192))
                .seed("conv.onnx", new OnnxModelBuilder(13).input("x", 1, 2, 4, 4).randomInitializer("w", 3, 2, 1, 1)
                        .node("Conv", "x,w -> y").output("y").toBytes())
                .seed("constant-nodes.onnx", new OnnxModelBuilder(13).constantNodes(true).input("x", 1, 2, 4, 4)
                        .randomInitializer("w", 3, 2, 1, 1).node("Conv", "x,w -> y").output("y").toBytes())
                .seed("external.onnx", externalDataModel())
                .seed("shape-arithmetic.onnx", shapeArithmetic())
                .seed("resize-pool.onnx", resizeAndPool())
                .seed("slice-pad-gather.onnx", slicePadGather())
                .defaultCases(800)
                .run()
                .assertNoFailures();
    }

    @Test
    void sharedMobileNetV2() throws IOException {
        byte[] model = Files.readAllBytes(SharedData.model("mobilenetv2-1.0-224.onnx"));
        campaign("onnx-mobilenetv2")
                .seed("mobilenetv2.onnx", model)
                .defaultCases(60)
                .run()
                .assertNoFailures();
    }

    /** The model with its input's dynamic dims fixed, so that damage reaches the nodes without a binding. */
    static byte[] staticInput(byte[] model, String input, long... dims) {
        try {
            ModelProto.Builder m = ModelProto.parseFrom(model).toBuilder();
            for (var in : m.getGraphBuilder().getInputBuilderList()) {
                if (in.getName().equals(input)) {
                    TensorShapeProto.Builder s = in.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().clearDim();
                    for (long d : dims) {
                        s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
                    }
                }
            }
            return m.build().toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A conv whose 3x2x1x1 weight is 24 bytes at offset 16 of the external data file. */
    private static byte[] externalDataModel() {
        TensorProto w = TensorProto.newBuilder().setName("w").setDataType(1).addDims(3).addDims(2).addDims(1).addDims(1)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(OnnxMutators.EXTERNAL_FILE))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("16"))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue("24")).build();
        return new OnnxModelBuilder(13).input("x", 1, 2, 4, 4).tensor(w).node("Conv", "x,w -> y").output("y").toBytes();
    }

    /** PyTorch's dynamic flatten: Shape, Gather, Unsqueeze, Concat feeding a Reshape. */
    private static byte[] shapeArithmetic() {
        return new OnnxModelBuilder(11).input("x", "N", 2, 3, 3).initializer("zero", new long[] {0})
                .node("Shape", "x -> s").node("Gather", "s,zero -> n").node("Unsqueeze", "n -> u", ints("axes", 0))
                .initializer("m1", new long[] {-1}, 1).node("Concat", "u,m1 -> t", attr("axis", 0))
                .node("Reshape", "x,t -> y").output("y").toBytes();
    }

    private static byte[] resizeAndPool() {
        return new OnnxModelBuilder(13).input("x", 1, 2, 3, 4).initializer("s", new float[] {1, 1, 2, 2}, 4)
                .node("Resize", "x,,s -> y").node("Softmax", "y -> z", attr("axis", 1))
                .node("MaxPool", "z -> q", ints("kernel_shape", 2, 2), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1),
                        attr("ceil_mode", 1))
                .node("AveragePool", "q -> a", ints("kernel_shape", 2, 2), ints("strides", 2, 1),
                        attr("auto_pad", "SAME_UPPER"))
                .output("a").toBytes();
    }

    private static byte[] slicePadGather() {
        return new OnnxModelBuilder(13).input("x", 2, 3, 4).initializer("st", new long[] {0, 1}, 2)
                .initializer("en", new long[] {2, 9}, 2).initializer("ax", new long[] {0, 2}, 2)
                .node("Slice", "x,st,en,ax -> y").initializer("pd", new long[] {0, 0, 0, 1, 1, 1}, 6)
                .node("Pad", "y,pd -> p").initializer("ix", new long[] {1, -1}, 2)
                .node("Gather", "p,ix -> g", attr("axis", 2)).initializer("rs", new long[] {2, -1}, 2)
                .node("Reshape", "g,rs -> r").initializer("c", new long[] {5}, 1).node("ConstantOfShape", "c -> co")
                .initializer("zero", new long[] {0}).initializer("one", new long[] {1})
                .node("Range", "zero,c,one -> rg").node("Expand", "co,c -> ex")
                .node("ReduceMean", "r -> rm", ints("axes", 0)).output("rm").output("ex").output("rg").toBytes();
    }
}
