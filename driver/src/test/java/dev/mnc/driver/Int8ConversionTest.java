package dev.mnc.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.TensorData;
import dev.mnc.quantize.QuantizationReport;
import dev.mnc.quantize.QuantizeOptions;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import dev.mnc.tensorio.Preprocessing;
import dev.mnc.tensorio.Preprocessor;
import dev.mnc.testdata.SharedData;
import dev.mnc.testdata.TfliteOracle;
import dev.mnc.testdata.Top1;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The int8 conversion a user runs, through {@link Converter}: shared MobileNetV2 calibrated on
 * the first 100 ImageNet images (index order) to {@code .tflite} and to {@code .mnc}; on 20 of
 * the other images, the {@code .mnc} in mnc's runtime is within one output scale step of the
 * {@code .tflite} in the TFLite interpreter on every element, and both pick the same class.
 */
class Int8ConversionTest {
    @TempDir
    Path tmp;

    @Test
    void mobileNetV2MncMatchesTheTfliteInterpreterWithinOneStep() throws Exception {
        Path onnx = SharedData.model("mobilenetv2-1.0-224.onnx");
        Path calibration = ImageNetSplit.calibrationFolder(tmp);
        Converter converter = new Converter(new PassSetup(getClass().getClassLoader()),
                new PrintStream(PrintStream.nullOutputStream()));
        QuantizeSettings q = new QuantizeSettings(calibration, Preprocessing.torchvision(),
                QuantizeOptions.builder().threads(2).measureSamples(8).build());
        Path tfl = tmp.resolve("q.tflite");
        Path mnc = tmp.resolve("q.mnc");
        converter.convert(ConvertRequest.of(onnx, tfl).withQuantize(q));
        ConvertResult m = converter.convert(ConvertRequest.of(onnx, mnc).withQuantize(q));

        Preprocessor p = Preprocessor.forInputShape(Preprocessing.torchvision(), new long[] {1, 3, 224, 224}, "input");
        try (Model model = Model.load(mnc); Session s = model.newSession();
                TfliteOracle interp = TfliteOracle.load(Files.readAllBytes(tfl))) {
            String out = model.outputs().get(0).name();
            QuantizationReport report = m.quantizationReport().orElseThrow();
            double step = report.tensor(out).orElseThrow().params().scale();
            int worst = 0;
            for (SharedData.ImageEntry e : ImageNetSplit.evaluation().subList(0, 20)) {
                TensorData x = p.apply(e.file());
                float[] got = s.run(Map.of(model.inputs().get(0).name(), Tensor.ofFloats(new int[] {1, 3, 224, 224},
                        x.floats()))).get(out).floats();
                float[] ref = interp.run((Object) x.nchwToNhwcFloats().floats()).get(0).floats();
                assertThat(got).hasSameSizeAs(ref);
                for (int k = 0; k < ref.length; k++) {
                    int steps = (int) Math.round(Math.abs(got[k] - ref[k]) / step);
                    worst = Math.max(worst, steps);
                }
                assertThat(Top1.argmax(got)).as(e.file().toString()).isEqualTo(Top1.argmax(ref));
            }
            System.out.printf("MobileNetV2 int8 .mnc vs .tflite on 20 unseen images: at most %d output step(s) apart%n",
                    worst);
            assertThat(worst).isLessThanOrEqualTo(1);
        }
    }
}
