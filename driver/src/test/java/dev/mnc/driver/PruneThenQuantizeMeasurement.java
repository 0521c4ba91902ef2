package dev.mnc.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.TensorData;
import dev.mnc.prune.PruneOptions;
import dev.mnc.quantize.QuantizeOptions;
import dev.mnc.tensorio.Preprocessing;
import dev.mnc.tensorio.Preprocessor;
import dev.mnc.testdata.OrtOracle;
import dev.mnc.testdata.SharedData;
import dev.mnc.testdata.TfliteOracle;
import dev.mnc.testdata.Top1;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning then int8 quantization in one conversion, measured: shared MobileNetV2 pruned by 30% of
 * its MACs and quantized, both calibrated on ImageNet images 0-99 (index order), top-1 on images
 * 100-199 in the TFLite interpreter against the unpruned float model in ONNX Runtime. On demand
 * (several minutes): {@code mvn -q verify -pl driver -am -Dmnc.prune.full=true
 * -Dtest=PruneThenQuantizeMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "mnc.prune.full", matches = "true")
class PruneThenQuantizeMeasurement {
    @TempDir
    Path tmp;

    @Test
    void mobileNetV2PrunedAndQuantized() throws Exception {
        Path onnx = SharedData.model("mobilenetv2-1.0-224.onnx");
        Path calibration = ImageNetSplit.calibrationFolder(tmp);
        Converter converter = new Converter(new PassSetup(getClass().getClassLoader()),
                new PrintStream(PrintStream.nullOutputStream()));
        Preprocessing tv = Preprocessing.torchvision();
        Path pruned = tmp.resolve("pruned.tflite");
        Path both = tmp.resolve("pruned-int8.tflite");
        PruneSettings prune = new PruneSettings(PruneOptions.builder().pruneRatio(0.3).build(), calibration, tv);
        ConvertResult p = converter.convert(ConvertRequest.of(onnx, pruned).withPrune(prune));
        long t0 = System.nanoTime();
        ConvertResult q = converter.convert(ConvertRequest.of(onnx, both).withPrune(prune)
                .withQuantize(new QuantizeSettings(calibration, tv, QuantizeOptions.builder().threads(2).build())));
        double seconds = (System.nanoTime() - t0) / 1e9;

        Preprocessor pre = Preprocessor.forInputShape(tv, new long[] {1, 3, 224, 224}, "input");
        int floatRight = 0;
        int prunedRight = 0;
        int int8Right = 0;
        try (OrtOracle ort = OrtOracle.load(onnx); TfliteOracle pf = TfliteOracle.load(Files.readAllBytes(pruned));
                TfliteOracle pq = TfliteOracle.load(Files.readAllBytes(both))) {
            String in = ort.inputs().get(0).name();
            for (SharedData.ImageEntry e : ImageNetSplit.evaluation()) {
                TensorData x = pre.apply(e.file());
                float[] nhwc = x.nchwToNhwcFloats().floats();
                floatRight += Top1.argmax(ort.run(Map.of(in, x.floats()), Map.of(in, new long[] {1, 3, 224, 224})).get(0)
                        .data()) == e.classIndex() ? 1 : 0;
                prunedRight += Top1.argmax(pf.run((Object) nhwc).get(0).floats()) == e.classIndex() ? 1 : 0;
                int8Right += Top1.argmax(pq.run((Object) nhwc).get(0).floats()) == e.classIndex() ? 1 : 0;
            }
        }
        double macRatio = q.pruneReport().orElseThrow().macRatio();
        System.out.printf("MobileNetV2 prune 0.3 + int8 (one conversion, %.0f s): MACs %.1f%% of the original; top-1 on "
                + "100 unseen images: float %d%%, pruned float %d%%, pruned int8 %d%%; files %,d (pruned float) and "
                + "%,d bytes (pruned int8)%n", seconds, 100 * macRatio, floatRight, prunedRight, int8Right, p.bytes(),
                q.bytes());
        assertThat(macRatio).isLessThanOrEqualTo(0.70);
        // Measured 2026-11-26: float 84%, pruned float 68%, pruned int8 64%. The bound catches a broken
        // int8 step (which falls to chance), not the 4 points int8 costs the refit layers today.
        assertThat(int8Right).as("int8 stays near the pruned float model").isGreaterThanOrEqualTo(prunedRight - 6);
    }
}
