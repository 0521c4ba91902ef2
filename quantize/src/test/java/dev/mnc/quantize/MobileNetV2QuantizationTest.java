package dev.mnc.quantize;

import dev.mnc.passes.ProgressListener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.backend.tflite.TfliteWriter;
import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.TensorData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The acceptance measurement with the default options: MobileNetV2 calibrated on the first 100
 * shared ImageNet images (index.csv order) and evaluated on the other 100 in the TFLite interpreter
 * (no XNNPACK) and in mnc's native int8 runtime. Int8 top-1 must be at most 1 point below float
 * top-1, the native runtime must decide exactly as TFLite does, and the int8 file must be at most
 * 30% of the float file. Errors are measured on 16 of the calibration images to
 * keep the test short (the report's numbers, not the model, depend on that). Skips without
 * ../shared.
 */
class MobileNetV2QuantizationTest {

    @Test
    void defaultInt8LosesAtMostOnePointOfTop1AndShrinksTheFileToUnder30Percent() {
        Graph g = ImageNetHarness.mobileNetV2();
        List<TensorData> calibration = ImageNetHarness.images(0, 100);
        List<TensorData> evaluation = ImageNetHarness.images(100, 200);
        int[] labels = ImageNetHarness.labels(100, 200);
        QuantizationResult r = Quantizer.quantize(g, ImageNetHarness.calibration(calibration),
                QuantizeOptions.builder().threads(2).measureSamples(16).build(), ProgressListener.NONE);
        byte[] floatModel = TfliteWriter.write(g);
        byte[] int8Model = TfliteWriter.write(r.graph());
        int[] floatPredictions = ImageNetHarness.predict(floatModel, evaluation);
        int[] int8Predictions = ImageNetHarness.predict(int8Model, evaluation);
        int[] nativePredictions = ImageNetHarness.predictNative(r.graph(), "input", evaluation);
        int floatTop1 = ImageNetHarness.correct(floatPredictions, labels);
        int int8Top1 = ImageNetHarness.correct(int8Predictions, labels);
        int agree = ImageNetHarness.agreeing(floatPredictions, int8Predictions);
        System.out.printf("MobileNetV2 (%s): top-1 float %d%%, int8 %d%% (native runtime %d%%), agreement %d%%, size"
                + " %.1f%% (%d of %d bytes)%n%s", r.report().options().describe(), floatTop1, int8Top1,
                ImageNetHarness.correct(nativePredictions, labels), agree, 100.0 * int8Model.length / floatModel.length,
                int8Model.length, floatModel.length, r.report().worstLayersTable(8));
        assertThat(int8Top1).isGreaterThanOrEqualTo(floatTop1 - 1);
        assertThat(agree).isGreaterThanOrEqualTo(95);
        assertThat((double) int8Model.length).isLessThanOrEqualTo(0.30 * floatModel.length);
        assertThat(r.report().floatNodes()).isEmpty();
        assertThat(nativePredictions).as("the native int8 runtime decides like TFLite's int8 kernels")
                .containsExactly(int8Predictions);
        for (Node n : r.graph().nodes()) {
            if (n.op().name().equals("conv2d") || n.op().name().equals("fully_connected")) {
                assertThat(n.output().dtype()).as(n.describe()).isEqualTo(DType.I8);
            }
        }
    }
}
