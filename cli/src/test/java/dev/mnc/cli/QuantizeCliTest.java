package dev.mnc.cli;

import static dev.mnc.cli.CliRunner.assertFailsCleanly;
import static dev.mnc.cli.CliRunner.mnc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.cli.CliRunner.Result;
import dev.mnc.ir.TensorData;
import dev.mnc.tensorio.Npy;
import dev.mnc.tensorio.Preprocessing;
import dev.mnc.tensorio.Preprocessor;
import dev.mnc.testdata.PaddleModels;
import dev.mnc.testdata.TfliteOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convert --quantize int8} as a user runs it, on the PaddleOCR text-direction classifier
 * calibrated on the rendered text lines in {@code testdata/samples}: the {@code .mnc} that
 * {@code mnc run} executes against the {@code .tflite} that the real TFLite interpreter executes,
 * byte-identical files whatever the thread count, and the option and data errors.
 */
class QuantizeCliTest {
    @TempDir
    static Path dir;

    static Path classifier;
    static final Path SAMPLES = Path.of("..", "testdata", "samples");
    /** The classifier's input preprocessing: 48x192, x/127.5 - 1. */
    static final String[] PREPROCESS = {"--resize", "48x192", "--scale", "0.00784314", "--mean", "1,1,1"};

    @BeforeAll
    static void model() {
        classifier = PaddleModels.CLASSIFIER.extractTo(dir);
    }

    private static Result convert(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("convert", classifier.toString(), "-o", out.toString(),
                "--input-shape", "x:1,3,48,192", "--quantize", "int8", "--calibration-data", SAMPLES.toString()));
        args.addAll(List.of(PREPROCESS));
        args.addAll(List.of(extra));
        return mnc(args.toArray(String[]::new));
    }

    /**
     * {@code inspect} counts a model the same in every format: the ONNX (after BatchNorm folding),
     * the float and int8 {@code .mnc} and {@code .tflite} made from it have the same parameter and
     * MAC totals (an int8 {@code .mnc} once reported 0 of both).
     */
    @Test
    void inspectCountsTheSameInEveryFormat() {
        List<String> totals = new ArrayList<>();
        totals.add(totals(mnc("inspect", classifier.toString(), "--json", "--input-shape", "x:1,3,48,192")));
        for (String name : List.of("inspect-f.mnc", "inspect-f.tflite", "inspect-q.mnc", "inspect-q.tflite")) {
            Path out = dir.resolve(name);
            Result r = name.contains("-q") ? convert(out)
                    : mnc("convert", classifier.toString(), "-o", out.toString(), "--input-shape", "x:1,3,48,192");
            assertThat(r.code()).as(r.err()).isZero();
            totals.add(totals(mnc("inspect", out.toString(), "--json")));
        }
        assertThat(totals.get(0)).matches("\"parameters\": [1-9]\\d*, \"macs\": [1-9]\\d*, ");
        assertThat(totals).as("onnx, float .mnc, float .tflite, int8 .mnc, int8 .tflite").containsOnly(totals.get(0));
    }

    /** The model totals of {@code inspect --json}, the parameters and MACs lines before the layers. */
    private static String totals(Result inspect) {
        assertThat(inspect.code()).as(inspect.err()).isZero();
        String json = inspect.out().substring(0, inspect.out().indexOf("\"layers\""));
        return json.lines().filter(l -> l.startsWith("  \"parameters\"") || l.startsWith("  \"macs\""))
                .reduce("", (x, y) -> x + y.strip() + " ");
    }

    @Test
    void int8MncRunsWithinOneStepOfTheTfliteInterpreter() throws Exception {
        Path tflite = dir.resolve("cls-int8.tflite");
        Path mnc = dir.resolve("cls-int8.mnc");
        Path report = dir.resolve("cls-int8.json");
        Result t = convert(tflite, "--report", report.toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("layers with the largest quantization error", "wrote " + report, "wrote " + tflite);
        assertThat(Files.readString(report)).contains("\"tensors\"", "\"scale\"", "\"sqnr_db\"");
        Result m = convert(mnc);
        assertThat(m.code()).as(m.err()).isZero();

        // The same real inputs as .npy, in the ONNX model's NCHW shape, for both runtimes.
        Path npyIn = Files.createDirectories(dir.resolve("npy-in"));
        Preprocessor p = Preprocessor.forInputShape(Preprocessing.none().withExactSize(48, 192).withCrop(false)
                .withScale(0.00784314f).withMean(new float[] {1, 1, 1}), new long[] {1, 3, 48, 192}, "x");
        List<String> stems = new ArrayList<>();
        try (var files = Files.list(SAMPLES)) {
            for (Path png : files.filter(f -> f.toString().endsWith(".png")).sorted().toList()) {
                String stem = png.getFileName().toString().replace(".png", "");
                TensorData x = p.apply(png);
                Npy.write(npyIn.resolve(stem + ".npy"), x.shape().toLongArray(), x.floats());
                stems.add(stem);
            }
        }
        Path npyOut = dir.resolve("npy-out");
        Result run = mnc("run", mnc.toString(), "--input-dir", npyIn.toString(), "--save-outputs", npyOut.toString());
        assertThat(run.code()).as(run.err()).isZero();

        // Softmax's int8 output has the specification's fixed scale 1/256: one step.
        double step = 1.0 / 256;
        byte[] model = Files.readAllBytes(tflite);
        try (TfliteOracle o = TfliteOracle.load(model)) {
            for (String stem : stems) {
                float[] nchw = Npy.read(npyIn.resolve(stem + ".npy")).floats();
                float[] ref = o.run((Object) nhwc(nchw, 3, 48, 192)).get(0).floats();
                float[] got = Npy.read(npyOut.resolve(stem + ".npy")).floats();
                assertThat(got).hasSameSizeAs(ref);
                for (int k = 0; k < ref.length; k++) {
                    assertThat((double) Math.abs(got[k] - ref[k])).as("%s[%d]", stem, k).isLessThanOrEqualTo(step * 1.0001);
                }
            }
        }
    }

    @Test
    void theSameInputsGiveByteIdenticalFilesWhateverTheThreads() throws Exception {
        Path one = dir.resolve("one.tflite");
        Path two = dir.resolve("two.tflite");
        assertThat(convert(one, "--calibration-threads", "1").code()).isZero();
        assertThat(convert(two, "--calibration-threads", "2").code()).isZero();
        assertThat(Files.readAllBytes(two)).isEqualTo(Files.readAllBytes(one));
    }

    @Test
    void calibrationFlagsNeedQuantizeAndQuantizeNeedsData() {
        Path out = dir.resolve("never.tflite");
        Result flagsAlone = mnc("convert", classifier.toString(), "-o", out.toString(), "--calibration-data",
                SAMPLES.toString());
        assertThat(flagsAlone.code()).isEqualTo(2);
        assertThat(flagsAlone.err()).contains("--calibration-data, --calibration-limit and --seed apply to --quantize int8");
        Result noData = mnc("convert", classifier.toString(), "-o", out.toString(), "--quantize", "int8");
        assertThat(noData.code()).isEqualTo(2);
        assertThat(noData.err()).contains("--quantize int8 needs --calibration-data");
        Result int4 = mnc("convert", classifier.toString(), "-o", out.toString(), "--quantize", "int4",
                "--calibration-data", SAMPLES.toString());
        assertThat(int4.code()).isEqualTo(2);
        assertThat(out).doesNotExist();
    }

    @Test
    void emptyOrImageOnlyCalibrationFoldersFailBeforeAnyOutput() throws Exception {
        Path out = dir.resolve("q.tflite");
        Path empty = Files.createDirectories(dir.resolve("empty-calibration"));
        assertFailsCleanly(mnc("convert", classifier.toString(), "-o", out.toString(), "--input-shape", "x:1,3,48,192",
                "--quantize", "int8", "--calibration-data", empty.toString()), "no inputs found", out);
        assertFailsCleanly(mnc("convert", classifier.toString(), "-o", out.toString(), "--input-shape", "x:1,3,48,192",
                "--quantize", "int8", "--calibration-data", SAMPLES.toString()), "--preprocess", out);
        Path notImage = Files.createDirectories(dir.resolve("bad-calibration"));
        Files.writeString(notImage.resolve("a.png"), "not a png");
        assertFailsCleanly(mnc("convert", classifier.toString(), "-o", out.toString(), "--input-shape", "x:1,3,48,192",
                "--quantize", "int8", "--calibration-data", notImage.toString(), "--resize", "48x192"), "a.png", out);
    }

    private static float[] nhwc(float[] nchw, int c, int h, int w) {
        float[] out = new float[nchw.length];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(y * w + x) * c + ch] = nchw[(ch * h + y) * w + x];
                }
            }
        }
        return out;
    }
}
