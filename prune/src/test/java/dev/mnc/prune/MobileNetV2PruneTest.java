package dev.mnc.prune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.TensorData;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.Session;
import dev.mnc.testdata.SharedData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * MobileNetV2 from {@code ../shared} pruned by 30% of its MACs, with and without recovery, against
 * the width-multiplier baseline at the same MACs (skipped without the shared folder).
 *
 * <p>The CI test calibrates on a few images and compares logits with the unpruned model's on a
 * few others: recovery must bring them closer. The full measurement ({@code -Dmnc.prune.full=true})
 * calibrates on the first 100 images of {@code imagenet-200} (index.csv order), evaluates top-1
 * on the other 100, times the native runtime, and prints the numbers the module's report quotes.
 */
class MobileNetV2PruneTest {
    private static final int EVAL_FROM = 100;

    private static Graph model() {
        return OnnxImporter.importModel(SharedData.model("mobilenetv2-1.0-224.onnx"), ImportOptions.defaults());
    }

    /** Logits of {@code g} on images [from, to), on the native runtime. */
    private static List<float[]> logits(Graph g, int from, int to) {
        List<float[]> out = new ArrayList<>();
        try (Model m = Model.load(ByteBuffer.wrap(NativeLatency.compile(g))); Session s = m.newSession()) {
            for (int i = from; i < to; i++) {
                out.add(s.run(Map.of("input", RuntimeTensors.of(ImageNetSamples.image(i)))).get("output").floats());
            }
        } catch (ModelFormatException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** sum |a - b|^2 / sum |b - mean b|^2 over all images and classes: 0 is the unpruned model, 1 is no better than a constant. */
    private static double relativeError(List<float[]> got, List<float[]> want) {
        double err = 0;
        double var = 0;
        for (int i = 0; i < want.size(); i++) {
            float[] w = want.get(i);
            double mean = 0;
            for (float v : w) {
                mean += v / w.length;
            }
            for (int k = 0; k < w.length; k++) {
                err += (got.get(i)[k] - w[k]) * (got.get(i)[k] - w[k]);
                var += (w[k] - mean) * (w[k] - mean);
            }
        }
        return err / var;
    }

    @Test
    void recoveryBringsAPrunedModelCloserToTheOriginal() {
        Graph g = model();
        CalibrationData cal = ImageNetSamples.calibration(0, 10);
        // L2 ranks instantly; the default reconstruction criterion measures every layer's sensitivity, too slow for CI.
        PruneOptions o = PruneOptions.builder().pruneRatio(0.3).importance(Importance.L2).samplesPerImage(64).build();
        PruneResult sliced = Pruner.prune(g, o.toBuilder().recovery(false).build(), cal, ProgressListener.NONE);
        PruneResult recovered = Pruner.prune(g, o, cal, ProgressListener.NONE);
        assertThat(recovered.report().macRatio()).isLessThanOrEqualTo(0.70);
        assertThat(recovered.report().macsAfter()).isEqualTo(sliced.report().macsAfter());

        List<float[]> want = logits(g, EVAL_FROM, EVAL_FROM + 10);
        double before = relativeError(logits(sliced.pruned(), EVAL_FROM, EVAL_FROM + 10), want);
        double after = relativeError(logits(recovered.pruned(), EVAL_FROM, EVAL_FROM + 10), want);
        System.out.printf(Locale.ROOT, "MobileNetV2 prune ratio 0.3, l2, 10 calibration images: MACs %.3f, params %.3f,"
                + " relative logit error %.3f without recovery, %.3f with%n", recovered.report().macRatio(),
                recovered.report().paramRatio(), before, after);
        assertThat(after).isLessThan(before / 2);

        Map<String, TensorData> probe = Map.of("input", ImageNetSamples.image(EVAL_FROM));
        Oracles.checkEverywhere(recovered.pruned(), probe);
    }

    @Test
    @EnabledIfSystemProperty(named = "mnc.prune.full", matches = "true")
    void fullMeasurement() {
        Graph g = model();
        CalibrationData cal = ImageNetSamples.calibration(0, EVAL_FROM);
        Importance importance = Importance.fromText(System.getProperty("mnc.prune.importance", "reconstruction"));
        PruneOptions o = PruneOptions.builder().pruneRatio(0.3).importance(importance).build();
        double unpruned = ImageNetSamples.top1(g, EVAL_FROM, 200);

        long t0 = System.nanoTime();
        PruneResult sliced = Pruner.prune(g, o.toBuilder().recovery(false).build(), cal, ProgressListener.NONE);
        double slicedSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        PruneResult recovered = Pruner.prune(g, o, cal, ProgressListener.NONE);
        double recoveredSeconds = (System.nanoTime() - t0) / 1e9;
        PruneOptions uniform = o.toBuilder().budget(Budget.uniformToMacs(recovered.report().macsAfter())).build();
        PruneResult uniformSliced = Pruner.prune(g, uniform.toBuilder().recovery(false).build(), cal,
                ProgressListener.NONE);
        PruneResult uniformRecovered = Pruner.prune(g, uniform, cal, ProgressListener.NONE);

        double topSliced = ImageNetSamples.top1(sliced.pruned(), EVAL_FROM, 200);
        double topRecovered = ImageNetSamples.top1(recovered.pruned(), EVAL_FROM, 200);
        double topUniformSliced = ImageNetSamples.top1(uniformSliced.pruned(), EVAL_FROM, 200);
        double topUniformRecovered = ImageNetSamples.top1(uniformRecovered.pruned(), EVAL_FROM, 200);

        // Timing on a shared machine drifts: alternate the two models and take the median of the rounds' medians.
        Map<String, TensorData> probe = Map.of("input", ImageNetSamples.image(EVAL_FROM));
        byte[] unprunedModel = NativeLatency.compile(g);
        byte[] prunedModel = NativeLatency.compile(recovered.pruned());
        double[] before = new double[7];
        double[] after = new double[7];
        for (int round = 0; round < before.length; round++) {
            before[round] = NativeLatency.measure(unprunedModel, probe, 10, 20).medianMillis();
            after[round] = NativeLatency.measure(prunedModel, probe, 10, 20).medianMillis();
        }
        Arrays.sort(before);
        Arrays.sort(after);

        System.out.print(recovered.report().table());
        System.out.printf(Locale.ROOT, "%nMobileNetV2, prune ratio 0.3, %s importance, 100 calibration images,"
                + " top-1 on the other 100:%n", importance.text());
        System.out.printf(Locale.ROOT, "  unpruned                               %5.1f%%%n", unpruned);
        System.out.printf(Locale.ROOT, "  pruned, no recovery                    %5.1f%%  MACs %.3f  params %.3f  (%.0f s)%n",
                topSliced, sliced.report().macRatio(), sliced.report().paramRatio(), slicedSeconds);
        System.out.printf(Locale.ROOT, "  pruned, recovery                       %5.1f%%  MACs %.3f  params %.3f  (%.0f s)%n",
                topRecovered, recovered.report().macRatio(), recovered.report().paramRatio(), recoveredSeconds);
        System.out.printf(Locale.ROOT, "  uniform width %s, no recovery  %5.1f%%  MACs %.3f  params %.3f%n",
                uniformSliced.report().notes().stream().filter(n -> n.startsWith("uniform")).findFirst().orElse("?")
                        .substring("uniform width multiplier ".length()), topUniformSliced,
                uniformSliced.report().macRatio(), uniformSliced.report().paramRatio());
        System.out.printf(Locale.ROOT, "  uniform width, recovery                %5.1f%%  MACs %.3f%n", topUniformRecovered,
                uniformRecovered.report().macRatio());
        System.out.printf(Locale.ROOT, "  native latency, median of 7 alternating rounds of 20 runs: %.1f ms -> %.1f ms"
                + " (%.0f%% less; round medians %.1f..%.1f and %.1f..%.1f ms)%n", before[3], after[3],
                100 * (1 - after[3] / before[3]), before[0], before[6], after[0], after[6]);

        assertThat(recovered.report().macRatio()).isLessThanOrEqualTo(0.70);
        assertThat(topRecovered).isGreaterThan(topSliced);
        assertThat(topRecovered).isGreaterThanOrEqualTo(topUniformRecovered);
    }
}
