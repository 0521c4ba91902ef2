package dev.mnc.prune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.passes.ProgressListener;
import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.testdata.PaddleModels;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The PaddleOCR MobileNetV3 models (squeeze-excite blocks, hard-swish, a concatenating FPN neck,
 * transposed convs) pruned with recovery on random calibration inputs: the result must be
 * smaller and valid, and ONNX Runtime (through OnnxWriter), the TFLite interpreter (through the
 * default TFLite pipeline) and the native runtime must agree on it.
 */
class PaddleOcrPruneTest {

    private static PruneResult prune(PaddleModels model, long... shape) {
        Graph g = OnnxImporter.importModel(model.bytes(), model.fileName(), null,
                ImportOptions.defaults().withInputShape("x", shape));
        PruneOptions o = PruneOptions.builder().pruneRatio(0.3).importance(Importance.L1).samplesPerImage(32).build();
        PruneResult r = Pruner.prune(g, o, SmallGraphs.calibration(g, 5, 11), ProgressListener.NONE);
        System.out.printf(Locale.ROOT, "%s: MACs %.3f, params %.3f, %d layers refit%n", model.fileName(),
                r.report().macRatio(), r.report().paramRatio(), r.report().refits().size());
        assertThat(r.report().macsAfter()).isLessThan(r.report().macsBefore());
        assertThat(r.report().paramsAfter()).isLessThan(r.report().paramsBefore());
        return r;
    }

    @Test
    void classifierWithSqueezeExcite() {
        PruneResult r = prune(PaddleModels.CLASSIFIER, 1, 3, 48, 192);
        assertThat(r.report().groups()).anyMatch(gr -> gr.prunable() && gr.channelsAfter() < gr.channelsBefore());
        Oracles.checkEverywhere(r.pruned(), SmallGraphs.inputs(r.pruned(), 3));
    }

    @Test
    void detectorWithFpnNeck() {
        PruneResult r = prune(PaddleModels.DETECTOR, 1, 3, 96, 128);
        Oracles.checkEverywhere(r.pruned(), SmallGraphs.inputs(r.pruned(), 3));
    }
}
