package dev.mnc.cli;

import static dev.mnc.cli.CliRunner.assertFailsCleanly;
import static dev.mnc.cli.CliRunner.mnc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.cli.CliRunner.Result;
import dev.mnc.onnx.proto.Onnx.StringStringEntryProto;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import dev.mnc.tensorio.Npy;
import dev.mnc.testdata.OnnxModelBuilder;
import dev.mnc.testdata.OrtOracle;
import dev.mnc.testdata.PaddleModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, what is printed, and what is (not) written. */
class CliTest {
    @TempDir
    static Path dir;

    static Path classifier;

    @BeforeAll
    static void models() {
        classifier = PaddleModels.CLASSIFIER.extractTo(dir);
    }

    @Test
    void versionAndHelpExitZero() {
        assertThat(mnc("--version").code()).isZero();
        Result help = mnc("convert", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--input-shape", "--io-layout", "--passes", "--time-passes");
    }

    @Test
    void convertThenRunNpyInputsMatchesOnnxRuntime() throws Exception {
        Path model = dir.resolve("cls.mnc");
        Result c = mnc("convert", classifier.toString(), "-o", model.toString(), "--input-shape", "x:1,3,48,192");
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).startsWith("wrote " + model);

        Path inputs = Files.createDirectories(dir.resolve("npy-in"));
        Random r = new Random(5);
        float[][] xs = new float[3][3 * 48 * 192];
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < xs[i].length; j++) {
                xs[i][j] = (float) r.nextGaussian();
            }
            Npy.write(inputs.resolve("in" + i + ".npy"), new long[] {1, 3, 48, 192}, xs[i]);
        }
        Path outs = dir.resolve("npy-out");
        Result run = mnc("run", model.toString(), "--input-dir", inputs.toString(), "--save-outputs", outs.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(3).allMatch(l -> l.matches("in\\d\\.npy: \\d .*"));
        try (OrtOracle ort = OrtOracle.load(classifier)) {
            for (int i = 0; i < xs.length; i++) {
                float[] ref = ort.run(Map.of("x", xs[i]), Map.of("x", new long[] {1, 3, 48, 192})).get(0).data();
                var got = Npy.read(outs.resolve("in" + i + ".npy"));
                assertThat(got.shape().toLongArray()).containsExactly(1, 2);
                for (int k = 0; k < ref.length; k++) {
                    assertThat((double) got.floats()[k]).isCloseTo(ref[k], org.assertj.core.data.Offset.offset(1e-5));
                }
            }
        }
    }

    @Test
    void inspectJsonGivesTotals() {
        Result r = mnc("inspect", classifier.toString(), "--json", "--input-shape", "x:1,3,48,192");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"format\": \"onnx\"", "\"parameters\": ", "\"macs\": ");
    }

    @Test
    void passesListsTheBuiltIns() {
        Result r = mnc("passes");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("fold-batchnorm", "layout-nhwc", "builtin");
    }

    // ---- bad input: exit 1, one line, no stack trace, no output file ----------------------------

    @Test
    void truncatedAndRandomFilesFailInOneLine() throws Exception {
        byte[] good = Files.readAllBytes(classifier);
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(good, good.length / 3));
        Path out = dir.resolve("bad1.mnc");
        assertFailsCleanly(mnc("convert", truncated.toString(), "-o", out.toString()), "truncated.onnx", out);

        Path noise = dir.resolve("noise.onnx");
        byte[] b = new byte[4096];
        new Random(1).nextBytes(b);
        Files.write(noise, b);
        assertFailsCleanly(mnc("convert", noise.toString(), "-o", out.toString()), "noise.onnx", out);
        assertFailsCleanly(mnc("inspect", noise.toString()), "noise.onnx", null);
    }

    @Test
    void unsupportedOpNamesNodeAndOp() throws Exception {
        Path m = dir.resolve("erf.onnx");
        new OnnxModelBuilder(13).input("x", 1, 4).output("y").namedNode("my_erf", "Erf", "x -> y").write(m);
        Path out = dir.resolve("erf.tflite");
        Result r = mnc("convert", m.toString(), "-o", out.toString());
        assertFailsCleanly(r, "my_erf", out);
        assertThat(r.err()).contains("Erf");
    }

    @Test
    void outputProblemsAreCaughtBeforeAnyWork() throws Exception {
        assertFailsCleanly(mnc("convert", classifier.toString(), "-o", dir.resolve("no/such/dir/m.mnc").toString()),
                "does not exist", null);
        Path copy = Files.copy(classifier, dir.resolve("self.onnx"));
        assertFailsCleanly(mnc("convert", copy.toString(), "-o", dir.resolve("m.xyz").toString()),
                "unknown model format", null);
        Result self = mnc("convert", copy.toString(), "-o", copy.toString());
        assertThat(self.code()).isEqualTo(1);
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(classifier));
    }

    @Test
    void existingOutputSurvivesAFailedConversion() throws Exception {
        Path out = dir.resolve("keep.mnc");
        Files.writeString(out, "previous result");
        Path noise = dir.resolve("noise2.onnx");
        Files.write(noise, new byte[] {1, 2, 3, 4, 5});
        assertThat(mnc("convert", noise.toString(), "-o", out.toString()).code()).isEqualTo(1);
        assertThat(Files.readString(out)).isEqualTo("previous result");
    }

    @Test
    void runInputProblems() throws Exception {
        Path model = dir.resolve("cls2.mnc");
        assertThat(mnc("convert", classifier.toString(), "-o", model.toString(), "--input-shape", "x:1,3,48,192").code())
                .isZero();
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertFailsCleanly(mnc("run", model.toString(), "--input-dir", empty.toString()), "no inputs found", null);
        Path fake = Files.createDirectories(dir.resolve("fake"));
        Files.writeString(fake.resolve("cat.jpg"), "not a jpeg");
        assertFailsCleanly(mnc("run", model.toString(), "--input-dir", fake.toString(), "--preprocess", "none",
                "--resize", "48x192"), "not a readable image", null);
        Path wrong = Files.createDirectories(dir.resolve("wrong"));
        Npy.write(wrong.resolve("a.npy"), new long[] {1, 3, 10, 10}, new float[300]);
        assertFailsCleanly(mnc("run", model.toString(), "--input-dir", wrong.toString()), "does not fit input 'x'",
                null);
    }

    /** A folder with one .npy input for the classifier, and a fresh path for --save-outputs. */
    private static Path npyInputs(String name) throws Exception {
        Path inputs = Files.createDirectories(dir.resolve(name));
        Npy.write(inputs.resolve("x.npy"), new long[] {1, 3, 48, 192}, new float[3 * 48 * 192]);
        return inputs;
    }

    @Test
    void wrongMagicTruncatedAndRandomModelFilesFailInOneLine() throws Exception {
        Path mnc = dir.resolve("good.mnc");
        Path tflite = dir.resolve("good.tflite");
        for (Path m : List.of(mnc, tflite)) {
            Result r = mnc("convert", classifier.toString(), "-o", m.toString(), "--input-shape", "x:1,3,48,192");
            assertThat(r.code()).as(r.err()).isZero();
        }
        Path inputs = npyInputs("magic-in");
        Path outs = dir.resolve("magic-out");

        Path tfliteNamedMnc = Files.copy(tflite, dir.resolve("tflite-bytes.mnc"));
        assertFailsCleanly(mnc("inspect", tfliteNamedMnc.toString()), "tflite-bytes.mnc: not an .mnc model: wrong magic bytes",
                null);
        assertFailsCleanly(mnc("run", tfliteNamedMnc.toString(), "--input-dir", inputs.toString(), "--save-outputs",
                outs.toString()), "tflite-bytes.mnc: not an .mnc model: wrong magic bytes", outs);
        Path mncNamedTflite = Files.copy(mnc, dir.resolve("mnc-bytes.tflite"));
        assertFailsCleanly(mnc("inspect", mncNamedTflite.toString()), "mnc-bytes.tflite: malformed TFLite file: the file "
                + "identifier is", null);
        assertFailsCleanly(mnc("run", tflite.toString(), "--input-dir", inputs.toString(), "--save-outputs",
                outs.toString()), "mnc run executes .mnc (or .onnx) models", outs);

        byte[] m = Files.readAllBytes(mnc);
        Path cutMnc = Files.write(dir.resolve("cut.mnc"), Arrays.copyOf(m, m.length / 2));
        assertFailsCleanly(mnc("inspect", cutMnc.toString()), "cut.mnc: truncated", null);
        assertFailsCleanly(mnc("run", cutMnc.toString(), "--input-dir", inputs.toString(), "--save-outputs",
                outs.toString()), "cut.mnc: truncated", outs);
        byte[] t = Files.readAllBytes(tflite);
        Path cutTflite = Files.write(dir.resolve("cut.tflite"), Arrays.copyOf(t, t.length / 2));
        assertFailsCleanly(mnc("inspect", cutTflite.toString()), "cut.tflite: malformed TFLite file", null);

        byte[] noise = new byte[4096];
        new Random(2).nextBytes(noise);
        for (String name : List.of("noise.mnc", "noise.tflite")) {
            Path f = Files.write(dir.resolve(name), noise);
            assertFailsCleanly(mnc("inspect", f.toString()), name + ": ", null);
        }
    }

    @Test
    void hugeDeclaredDimsAreRefusedBeforeAnyOutput() throws Exception {
        Path huge = dir.resolve("huge.onnx");
        new OnnxModelBuilder(13).input("x", 1, 100000, 100000, 100000).node("Relu", "x -> y").output("y").write(huge);
        Path out = dir.resolve("huge.mnc");
        assertFailsCleanly(mnc("convert", huge.toString(), "-o", out.toString()), "huge.onnx: graph input 'x': shape "
                + "[1,100000,100000,100000] has more than", out);
        assertFailsCleanly(mnc("inspect", huge.toString()), "huge.onnx: graph input 'x'", null);
    }

    @Test
    void externalDataOutsideTheModelsFolderIsRefused() throws Exception {
        Path modelDir = Files.createDirectories(dir.resolve("downloaded"));
        Files.write(dir.resolve("secret.bin"), new byte[24]);
        TensorProto w = TensorProto.newBuilder().setName("w").setDataType(1).addDims(3).addDims(2).addDims(1).addDims(1)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("../secret.bin")).build();
        Path model = new OnnxModelBuilder(13).input("x", 1, 2, 4, 4).tensor(w).node("Conv", "x,w -> y").output("y")
                .write(modelDir.resolve("m.onnx"));
        Path out = modelDir.resolve("m.tflite");
        assertFailsCleanly(mnc("convert", model.toString(), "-o", out.toString()), "m.onnx: initializer 'w': external "
                + "data location '../secret.bin' leaves the model's folder", out);
    }

    @Test
    void damagedAndForgedImagesAreNamed() throws Exception {
        Path model = dir.resolve("cls3.mnc");
        assertThat(mnc("convert", classifier.toString(), "-o", model.toString(), "--input-shape", "x:1,3,48,192").code())
                .isZero();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB), "png", png);
        byte[] bytes = png.toByteArray();

        Path cut = Files.createDirectories(dir.resolve("cut-image"));
        Files.write(cut.resolve("half.png"), Arrays.copyOf(bytes, bytes.length / 2));
        Path outs = dir.resolve("cut-image-out");
        assertFailsCleanly(mnc("run", model.toString(), "--input-dir", cut.toString(), "--resize", "48x192",
                "--save-outputs", outs.toString()), "half.png: not a readable image", outs);

        Path forged = Files.createDirectories(dir.resolve("forged-image"));
        ByteBuffer.wrap(bytes).putInt(16, 1_000_000).putInt(20, 1_000_000);
        Files.write(forged.resolve("big.png"), bytes);
        assertFailsCleanly(mnc("run", model.toString(), "--input-dir", forged.toString(), "--resize", "48x192"),
                "big.png: image of 1000000x1000000 pixels is larger than", null);
    }

    @Test
    void saveOutputsNeedsAnExistingParentFolder() throws Exception {
        Path model = dir.resolve("cls4.mnc");
        assertThat(mnc("convert", classifier.toString(), "-o", model.toString(), "--input-shape", "x:1,3,48,192").code())
                .isZero();
        Path outs = dir.resolve("no/such/parent/outs");
        assertFailsCleanly(mnc("run", model.toString(), "--input-dir", npyInputs("parent-in").toString(),
                "--save-outputs", outs.toString()), "--save-outputs needs a folder whose parent exists", outs);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(mnc("convert").code()).isEqualTo(2);
        assertThat(mnc("convert", "a.onnx", "-o", "b.mnc", "--no-such-flag").code()).isEqualTo(2);
        assertThat(mnc("frobnicate").code()).isEqualTo(2);
    }

    @Test
    void verboseShowsTheStackTrace() throws Exception {
        Path noise = dir.resolve("noise3.onnx");
        Files.write(noise, new byte[] {9, 9, 9});
        Result r = mnc("--verbose", "inspect", noise.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("\tat ");
        assertThat(List.of(r.err().split("\n")).get(0)).startsWith("mnc: error: ");
    }

    /** The README's custom-pass example, as written there: the example jar is built by the reactor before cli. */
    @Test
    void customPassExampleFromTheReadme() {
        Path jar = Path.of("../examples/custom-pass/target/custom-pass.jar").toAbsolutePath().normalize();
        assertThat(jar).as("built by the examples/custom-pass module").exists();
        Result list = mnc("passes", "--plugin", jar.toString());
        assertThat(list.out()).contains("strip-final-softmax", jar.toString());
        Path out = dir.resolve("logits.mnc");
        Result r = mnc("convert", classifier.toString(), "-o", out.toString(), "--input-shape", "x:1,3,48,192",
                "--plugin", jar.toString(), "--passes", "default,strip-final-softmax");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("softmax");
        Result without = mnc("convert", classifier.toString(), "-o", out.toString(), "--input-shape", "x:1,3,48,192");
        assertThat(without.out()).contains("softmax 1");
        assertFailsCleanly(mnc("convert", classifier.toString(), "-o", dir.resolve("x.mnc").toString(),
                "--passes", "default,strip-final-softmax"), "unknown pass 'strip-final-softmax'", dir.resolve("x.mnc"));
    }
}
