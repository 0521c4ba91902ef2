package dev.mnc.cli;

import static dev.mnc.cli.CliRunner.assertFailsCleanly;
import static dev.mnc.cli.CliRunner.mnc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.backend.tflite.TfliteReader;
import dev.mnc.cli.CliRunner.Result;
import dev.mnc.testdata.OrtOracle;
import dev.mnc.testdata.PaddleModels;
import dev.mnc.testdata.TfliteOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mnc prune} and the pruning flags of {@code convert}, on the PaddleOCR classifier (a
 * MobileNetV3 with squeeze-excite blocks) calibrated on the sample text lines: the pruned model
 * written as ONNX runs in ONNX Runtime, pruned and quantized in one command it runs in the TFLite
 * interpreter, and the option errors.
 */
class PruneCliTest {
    @TempDir
    static Path dir;

    static Path classifier;
    static final Path SAMPLES = Path.of("..", "testdata", "samples");

    @BeforeAll
    static void model() {
        classifier = PaddleModels.CLASSIFIER.extractTo(dir);
    }

    private static Result prune(String command, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, classifier.toString(), "-o", out.toString(),
                "--input-shape", "x:1,3,48,192", "--prune-ratio", "0.3", "--calibration-data", SAMPLES.toString(),
                "--resize", "48x192", "--scale", "0.00784314", "--mean", "1,1,1"));
        args.addAll(List.of(extra));
        return mnc(args.toArray(String[]::new));
    }

    @Test
    void prunedOnnxRunsInOnnxRuntimeWithFewerMacs() throws Exception {
        Path out = dir.resolve("pruned.onnx");
        Path report = dir.resolve("prune.json");
        Result r = prune("prune", out, "--report", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("native runtime latency", "total", "wrote " + out);
        assertThat(Files.readString(report)).contains("\"prune\"", "\"macRatio\"").doesNotContain("\"quantization\"");

        Result before = mnc("inspect", classifier.toString(), "--json", "--input-shape", "x:1,3,48,192");
        Result after = mnc("inspect", out.toString(), "--json");
        long macsBefore = macs(before.out());
        long macsAfter = macs(after.out());
        assertThat(macsBefore).isGreaterThan(10_000_000L);
        assertThat((double) macsAfter).isLessThanOrEqualTo(0.72 * macsBefore);

        float[] x = new float[3 * 48 * 192];
        Random rnd = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        try (OrtOracle ort = OrtOracle.load(out)) {
            float[] y = ort.run(Map.of("x", x), Map.of("x", new long[] {1, 3, 48, 192})).get(0).data();
            assertThat(y).hasSize(2);
            assertThat((double) y[0] + y[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void pruneThenInt8InOneCommandRunsInTheTfliteInterpreter() throws Exception {
        Path out = dir.resolve("pruned-int8.tflite");
        Path report = dir.resolve("both.json");
        Result r = prune("convert", out, "--quantize", "int8", "--report", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(report)).contains("\"prune\"", "\"quantization\"");
        byte[] model = Files.readAllBytes(out);
        assertThat(TfliteReader.read(model).operatorCounts()).containsKey("QUANTIZE").doesNotContainKey("TRANSPOSE");
        try (TfliteOracle o = TfliteOracle.load(model)) {
            float[] y = o.run((Object) new float[48 * 192 * 3]).get(0).floats();
            assertThat(y).hasSize(2);
        }
    }

    @Test
    void aParameterBudgetIsMetAsInspectCountsIt() throws Exception {
        Path out = dir.resolve("small.onnx");
        long before = params(mnc("inspect", classifier.toString(), "--json", "--input-shape", "x:1,3,48,192").out());
        long target = (long) (0.8 * before);
        Result r = mnc("prune", classifier.toString(), "-o", out.toString(), "--input-shape", "x:1,3,48,192",
                "--prune-target-params", String.valueOf(target), "--prune-importance", "l1", "--no-recovery");
        assertThat(r.code()).as(r.err()).isZero();
        long after = params(mnc("inspect", out.toString(), "--json").out());
        assertThat(after).isLessThanOrEqualTo(target).isGreaterThan((long) (0.6 * before));
        Result both = mnc("prune", classifier.toString(), "-o", out.toString(), "--prune-target-params", "1000",
                "--prune-ratio", "0.3");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("give one pruning budget");
    }

    @Test
    void budgetsAndCalibrationAreCheckedUpFront() {
        Path out = dir.resolve("never.onnx");
        Result noBudget = mnc("prune", classifier.toString(), "-o", out.toString());
        assertThat(noBudget.code()).isEqualTo(2);
        assertThat(noBudget.err()).contains("give a pruning budget");
        Result two = mnc("prune", classifier.toString(), "-o", out.toString(), "--prune-ratio", "0.3",
                "--width-multiplier", "0.5");
        assertThat(two.code()).isEqualTo(2);
        Result noData = mnc("prune", classifier.toString(), "-o", out.toString(), "--prune-ratio", "0.3");
        assertThat(noData.code()).isEqualTo(2);
        assertThat(noData.err()).contains("needs --calibration-data");
        Result tuneOnly = mnc("convert", classifier.toString(), "-o", dir.resolve("x.mnc").toString(),
                "--prune-importance", "l1");
        assertThat(tuneOnly.code()).isEqualTo(2);
        Result onnxFloat = mnc("convert", classifier.toString(), "-o", out.toString());
        assertFailsCleanly(onnxFloat, ".onnx output is for pruned float models", out);
        assertFailsCleanly(prune("prune", out, "--prune-skip", "NoSuchConv"), "NoSuchConv", out);
        assertThat(out).doesNotExist();
    }

    /** The model's "macs" total of {@code inspect --json}: the first, before the per-layer rows. */
    private static long macs(String json) {
        return total(json, "macs");
    }

    private static long params(String json) {
        return total(json, "parameters");
    }

    /** A model total of {@code mnc inspect --json}: the first {@code "key": N}, before the layers. */
    private static long total(String json, String key) {
        String field = "\"" + key + "\": ";
        int at = json.indexOf(field);
        assertThat(at).as(json).isPositive();
        assertThat(at).as("the total comes before the layers").isLessThan(json.indexOf("\"layers\""));
        String digits = json.substring(at + field.length()).replaceAll("(?s)^(\\d+).*", "$1");
        return Long.parseLong(digits);
    }
}
