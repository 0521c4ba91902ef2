package dev.mnc.backend.nativeformat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.passes.BuiltinPasses;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PipelineOptions;
import dev.mnc.passes.Target;
import dev.mnc.runtime.InferenceException;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import dev.mnc.runtime.TensorInfo;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.format.ModelParser;
import dev.mnc.testdata.PaddleModels;
import dev.mnc.testdata.SharedData;
import dev.mnc.testdata.fuzz.ByteMutators;
import dev.mnc.testdata.fuzz.Field;
import dev.mnc.testdata.fuzz.FuzzCampaign;
import dev.mnc.testdata.fuzz.MncMutators;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the runtime's {@code .mnc} reader ({@link Model#load(ByteBuffer, String)}: the parser and
 * the load-time checks of every op and of the memory plan) with damaged compiled models: the PaddleOCR
 * classifier compiled here (ONNX, default pipeline, {@link NativeCompiler}), a small model using
 * the quantization table and most op kinds, its int8 twin, and two conv_transpose2d (opcodes 2
 * and 29). Damage is byte-level, resealed (file size and CRC-32C rewritten) nine times in ten so
 * that it gets past the checksum, and field-level ({@link MncMutators#fields()}: header, section directory, tensor records, quantization entries, op
 * records and parameters, memory plan, I/O lists, metadata). A damaged file must be refused with a
 * {@link ModelFormatException} whose one-line message starts with the file's name, or load and then
 * run on zero inputs (the runtime promises that a model that loads never fails later for a
 * structural reason; {@link InferenceException}, the run-time error for bad data such as a gather
 * index out of range, is allowed). Anything else, or a case running over 5 s, fails.
 *
 * <p>The test lives here rather than in {@code runtime} because compiling the models needs this
 * module, which depends on the runtime. On demand, 10,000 cases per test: {@code mvn -q verify
 * -Dmnc.fuzz.cases=10000 -pl backend-native -am -Dtest=MncFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class MncFuzzTest {
    private static final String NAME = "fuzz.mnc";

    private static FuzzCampaign campaign(String name) {
        return FuzzCampaign.named(name)
                .mutators(MncMutators.resealed(ByteMutators.all()))
                .mutators(List.of(MncMutators.fields()))
                .target(MncFuzzTest::loadAndRun)
                .typedErrors(ModelFormatException.class, InferenceException.class)
                .messagesStartWith(NAME + ": ");
    }

    private static void loadAndRun(byte[] bytes) throws ModelFormatException {
        try (Model m = Model.load(ByteBuffer.wrap(bytes), NAME); Session s = m.newSession()) {
            Map<String, Tensor> feeds = new HashMap<>();
            for (TensorInfo in : m.inputs()) {
                feeds.put(in.name(), Tensor.zeros(in.dtype(), in.shape()));
            }
            s.run(feeds);
        }
    }

    /** {@code graph} optimized by the default native pipeline and compiled. */
    static byte[] compile(Graph g) {
        BuiltinPasses.defaultPipeline(Target.NATIVE, PipelineOptions.defaults()).run(g, PassContext.defaults());
        return NativeCompiler.compile(g);
    }

    /** The structure-aware mutator's walker finds the numbers the parser reads, where the parser reads them. */
    @Test
    void theFieldWalkerAgreesWithTheParser() throws ModelFormatException {
        byte[] file = FormatTest.small();
        ModelFile parsed = ModelParser.parse(ByteBuffer.wrap(file), "small.mnc");
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Long> fields = new HashMap<>();
        for (Field f : MncMutators.fieldsOf(file)) {
            long v = switch (f.width()) {
                case 1 -> b.get(f.offset()) & 0xffL;
                case 2 -> b.getShort(f.offset()) & 0xffffL;
                case 4 -> b.getInt(f.offset()) & 0xffffffffL;
                default -> b.getLong(f.offset());
            };
            fields.put(f.what(), v);
        }
        List<String> wrong = new ArrayList<>();
        expect(fields, "tensor count", parsed.tensors().size(), wrong);
        expect(fields, "op count", parsed.ops().size(), wrong);
        expect(fields, "file size", file.length, wrong);
        for (ModelFile.TensorRecord t : parsed.tensors()) {
            expect(fields, "tensor " + t.index() + " dtype", t.dtype().code(), wrong);
            expect(fields, "tensor " + t.index() + " rank", t.shape().length, wrong);
            expect(fields, "tensor " + t.index() + " offset", t.offset(), wrong);
            for (int d = 0; d < t.shape().length; d++) {
                expect(fields, "tensor " + t.index() + " dim " + d, t.shape()[d], wrong);
            }
        }
        for (ModelFile.OpRecord op : parsed.ops()) {
            expect(fields, "op " + op.index() + " opcode", op.op().code(), wrong);
            for (int k = 0; k < op.params().length; k++) {
                expect(fields, "op " + op.index() + " parameter " + k, op.params()[k] & 0xffffffffL, wrong);
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static void expect(Map<String, Long> fields, String what, long value, List<String> wrong) {
        Long got = fields.get(what);
        if (got == null || got != value) {
            wrong.add(what + ": walker read " + got + ", parser " + value);
        }
    }

    @Test
    void paddleOcrClassifierAndASmallModel() {
        byte[] cls = compile(OnnxImporter.importModel(PaddleModels.CLASSIFIER.bytes(), "cls.onnx", null,
                ImportOptions.defaults().withInputShape("x", 1, 3, 48, 192)));
        campaign("mnc-paddle")
                .seed("ppocr-cls.mnc", cls)
                .seed("small.mnc", FormatTest.small())
                .seed("small_int8.mnc", FormatTest.smallInt8())
                .seed("upsample.mnc", FormatTest.upsample())
                .defaultCases(1500)
                .run()
                .assertNoFailures();
    }

    @Test
    void sharedMobileNetV2() throws IOException {
        byte[] onnx = Files.readAllBytes(SharedData.model("mobilenetv2-1.0-224.onnx"));
        campaign("mnc-mobilenetv2")
                .seed("mobilenetv2.mnc", compile(OnnxImporter.importModel(onnx, "mobilenetv2.onnx", null,
                        ImportOptions.defaults())))
                .defaultCases(60)
                .run()
                .assertNoFailures();
    }
}
