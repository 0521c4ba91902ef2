package dev.mnc.backend.tflite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.text.IrParser;
import dev.mnc.passes.BuiltinPasses;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PipelineOptions;
import dev.mnc.passes.Target;
import dev.mnc.testdata.PaddleModels;
import dev.mnc.testdata.SharedData;
import dev.mnc.testdata.fuzz.ByteMutators;
import dev.mnc.testdata.fuzz.Field;
import dev.mnc.testdata.fuzz.FuzzCampaign;
import dev.mnc.testdata.fuzz.TfliteMutators;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link TfliteReader} with damaged real TFLite files: the PaddleOCR classifier compiled here
 * (ONNX, default pipeline, {@link TfliteWriter}), a small conv model, and (when {@code ../shared}
 * is there) Google's own converter output: an int8 MobileNetV2 and a uint8 MobileNetV1. Damage is
 * byte-level and flatbuffer-level ({@link TfliteMutators}: offsets, vtable entries, vector lengths,
 * buffer and tensor indices, shapes, types, operator codes, option fields). Every damaged file must
 * read (with its sizes and costs computable, as {@code mnc inspect} uses them) or fail with an
 * {@link MncException} with a one-line message; anything else, or a case running over 5 s, fails.
 *
 * <p>On demand, 10,000 cases per test: {@code mvn -q verify -Dmnc.fuzz.cases=10000 -pl backend-tflite
 * -am -Dtest=TfliteFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class TfliteFuzzTest {

    private static FuzzCampaign campaign(String name) {
        return FuzzCampaign.named(name)
                .mutators(ByteMutators.all())
                .mutators(List.of(TfliteMutators.fields()))
                .target(TfliteFuzzTest::readAndDescribe)
                .typedErrors(MncException.class);
    }

    /** What {@code mnc inspect} does with a file. */
    private static void readAndDescribe(byte[] bytes) {
        TfliteModel m = TfliteReader.read(bytes);
        m.parameters();
        m.macs();
        m.weightBytes();
        m.operatorCounts();
        for (OperatorInfo op : m.operators()) {
            op.toString();
        }
    }

    /** The PaddleOCR classifier as {@code mnc convert} writes it. */
    static byte[] paddleClassifier() {
        Graph g = OnnxImporter.importModel(PaddleModels.CLASSIFIER.bytes(), "cls.onnx", null,
                ImportOptions.defaults().withInputShape("x", 1, 3, 48, 192));
        BuiltinPasses.defaultPipeline(Target.TFLITE, PipelineOptions.defaults()).run(g, PassContext.defaults());
        return TfliteWriter.write(g, TfliteOptions.defaults());
    }

    private static byte[] smallConv() {
        return TfliteWriter.write(IrParser.parse(MalformedFileTest.SMALL_CONV), TfliteOptions.defaults());
    }

    /**
     * The structure-aware mutator's walker finds the numbers the reader reads, where the reader reads
     * them (fields equal to their default, such as an operator code index of 0, are not in the file).
     */
    @Test
    void theFieldWalkerAgreesWithTheReader() {
        byte[] file = paddleClassifier();
        TfliteModel m = TfliteReader.read(file);
        Map<String, Long> fields = new HashMap<>();
        for (Field f : TfliteMutators.fieldsOf(file)) {
            fields.put(f.what(), ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(f.offset()) & 0xffffffffL);
        }
        List<String> wrong = new ArrayList<>();
        for (TensorInfo t : m.tensors()) {
            for (int d = 0; d < t.shape().length; d++) {
                expect(fields, "tensor " + t.index() + " shape[" + d + "]", t.shape()[d], wrong);
            }
            if (t.buffer() != 0) {
                expect(fields, "tensor " + t.index() + " buffer", t.buffer(), wrong);
            }
        }
        for (OperatorInfo op : m.operators()) {
            for (int k = 0; k < Math.min(8, op.outputs().size()); k++) {
                expect(fields, "operator " + op.index() + " outputs[" + k + "]", op.outputs().get(k).index(), wrong);
            }
        }
        expect(fields, "model version", 3, wrong);
        expect(fields, "model subgraphs length", 1, wrong);
        assertThat(wrong).isEmpty();
        assertThat(fields).containsKeys("root table offset", "vtable of model, field 2", "operator 1 opcode index");
    }

    private static void expect(Map<String, Long> fields, String what, long value, List<String> wrong) {
        Long got = fields.get(what);
        if (got == null || got != value) {
            wrong.add(what + ": walker read " + got + ", reader " + value);
        }
    }

    @Test
    void paddleOcrClassifierAndASmallModel() {
        campaign("tflite-paddle")
                .seed("ppocr-cls.tflite", paddleClassifier())
                .seed("small-conv.tflite", smallConv())
                .defaultCases(3000)
                .run()
                .assertNoFailures();
    }

    @Test
    void googleConvertedModelsFromTheSharedFolder() throws IOException {
        Path v2 = SharedData.file("reference/tf2_mobilenet_v2_1.0_224_ptq.tflite");
        Path v1 = SharedData.file("reference/mobilenet_v1_0.25_128_quant.tflite");
        campaign("tflite-google")
                .seed("mobilenet-v2-int8.tflite", Files.readAllBytes(v2))
                .seed("mobilenet-v1-uint8.tflite", Files.readAllBytes(v1))
                .defaultCases(1000)
                .run()
                .assertNoFailures();
    }
}
