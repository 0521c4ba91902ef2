package dev.mnc.quantize;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.backend.tflite.TfliteWriter;
import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.passes.BuiltinPasses;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PipelineOptions;
import dev.mnc.passes.Target;
import dev.mnc.tensorio.FloatImage;
import dev.mnc.tensorio.ImageDecoder;
import dev.mnc.tensorio.Resampler;
import dev.mnc.tensorio.RgbImage;
import dev.mnc.testdata.PaddleModels;
import dev.mnc.testdata.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The PaddleOCR text-direction classifier (MobileNetV3-small with squeeze-excite and hard
 * sigmoid) quantized to int8 must decide like the float model: upright or rotated 180 degrees.
 * Inputs are real text: windows of the printed lines of {@code images/photos/page.png}, each
 * upright and rotated, resized to 48x192 and normalized as PaddleOCR does, (x/255 - 0.5)/0.5.
 * A quarter of the windows calibrate, the rest are evaluated in the TFLite interpreter, and in
 * mnc's own int8 runtime, which must decide exactly as TFLite does.
 */
class PaddleClassifierTest {

    @Test
    void int8AgreesWithFloatOnAtLeast98PercentOfTextLines() {
        List<TensorData> inputs = textLineInputs(ImageDecoder.read(SharedData.file("images/photos/page.png")));
        List<Map<String, TensorData>> calibration = new ArrayList<>();
        List<TensorData> evaluation = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (i % 4 == 0) {
                calibration.add(Map.of("x", inputs.get(i)));
            } else {
                evaluation.add(inputs.get(i));
            }
        }
        Graph g = OnnxImporter.importModel(PaddleModels.CLASSIFIER.bytes(), PaddleModels.CLASSIFIER.fileName(), null,
                ImportOptions.defaults().withInputShape("x", 1, 3, 48, 192));
        BuiltinPasses.defaultPipeline(Target.TFLITE, PipelineOptions.defaults()).run(g, PassContext.defaults());
        QuantizationResult r = Quantizer.quantize(g, CalibrationData.of(calibration), QuantizeOptions.defaults(),
                ProgressListener.NONE);
        int[] floatPredictions = ImageNetHarness.predict(TfliteWriter.write(g), evaluation);
        int[] int8Predictions = ImageNetHarness.predict(TfliteWriter.write(r.graph()), evaluation);
        int[] nativePredictions = ImageNetHarness.predictNative(r.graph(), "x", evaluation);
        int agree = ImageNetHarness.agreeing(floatPredictions, int8Predictions);
        int[] truth = new int[evaluation.size()];
        int k = 0;
        for (int i = 0; i < inputs.size(); i++) {
            if (i % 4 != 0) {
                truth[k++] = i % 2;
            }
        }
        System.out.printf("PaddleOCR classifier: %d calibration and %d evaluation inputs; int8 agrees with float on %d"
                + " (%.1f%%); orientation right: float %d, int8 %d%n%s", calibration.size(), evaluation.size(), agree,
                100.0 * agree / evaluation.size(), ImageNetHarness.correct(floatPredictions, truth),
                ImageNetHarness.correct(int8Predictions, truth), r.report().worstLayersTable(5));
        assertThat(evaluation).hasSizeGreaterThan(100);
        assertThat(agree).isGreaterThanOrEqualTo((int) Math.ceil(0.98 * evaluation.size()));
        assertThat(nativePredictions).as("the native int8 runtime decides like TFLite's int8 kernels")
                .containsExactly(int8Predictions);
        assertThat(r.report().floatNodes()).isEmpty();
    }

    /** Windows of every text line, upright then rotated 180 degrees (classes 0 and 1), as NHWC inputs. */
    static List<TensorData> textLineInputs(RgbImage page) {
        List<TensorData> out = new ArrayList<>();
        for (int[] band : textBands(page)) {
            int h = band[1] - band[0];
            int w = Math.min(page.width(), 4 * h);
            for (int x = 0; x + w <= page.width(); x += Math.max(1, w / 3)) {
                for (int dy = -2; dy <= 2; dy += 2) {
                    int top = Math.max(0, Math.min(page.height() - h, band[0] + dy));
                    RgbImage crop = crop(page, x, top, w, h);
                    out.add(normalize(Resampler.resize(crop, 192, 48, Resampler.Filter.BILINEAR)));
                    out.add(normalize(Resampler.resize(rotate180(crop), 192, 48, Resampler.Filter.BILINEAR)));
                }
            }
        }
        return out;
    }

    /** Row bands holding text: runs of rows where enough pixels are dark, widened by a margin. */
    private static List<int[]> textBands(RgbImage page) {
        boolean[] ink = new boolean[page.height()];
        for (int y = 0; y < page.height(); y++) {
            int dark = 0;
            for (int x = 0; x < page.width(); x++) {
                dark += page.get(x, y, 0) < 100 ? 1 : 0;
            }
            ink[y] = dark > page.width() / 50;
        }
        List<int[]> bands = new ArrayList<>();
        for (int y = 0; y < page.height(); ) {
            if (!ink[y]) {
                y++;
                continue;
            }
            int start = y;
            while (y < page.height() && ink[y]) {
                y++;
            }
            if (y - start >= 6) {
                bands.add(new int[] {Math.max(0, start - 3), Math.min(page.height(), y + 3)});
            }
        }
        return bands;
    }

    private static RgbImage crop(RgbImage img, int left, int top, int w, int h) {
        byte[] p = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(img.pixels(), ((top + y) * img.width() + left) * 3, p, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, p);
    }

    private static RgbImage rotate180(RgbImage img) {
        byte[] src = img.pixels();
        byte[] p = new byte[src.length];
        int n = img.width() * img.height();
        for (int i = 0; i < n; i++) {
            System.arraycopy(src, i * 3, p, (n - 1 - i) * 3, 3);
        }
        return new RgbImage(img.width(), img.height(), p);
    }

    private static TensorData normalize(FloatImage img) {
        float[] d = img.data();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (d[i] / 255f - 0.5f) / 0.5f;
        }
        return TensorData.ofFloats(Shape.of(1, img.height(), img.width(), 3), out);
    }
}
