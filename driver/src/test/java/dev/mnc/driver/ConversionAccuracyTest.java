package dev.mnc.driver;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.tensorio.Preprocessing;
import dev.mnc.tensorio.Preprocessor;
import dev.mnc.testdata.PaddleModels;
import dev.mnc.testdata.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real models converted to .mnc and .tflite must compute what ONNX Runtime computes on the original
 * ONNX: classifiers on every output element within 1e-4 of the largest reference magnitude, with
 * the same top-1 class; the text detector's probability map within 1e-4 absolute (a map of a page
 * is near 0 off the text, so a relative bound would be meaningless there). Inputs are real images
 * where the model has a natural preprocessing, plus seeded random tensors.
 */
class ConversionAccuracyTest {
    @TempDir
    Path tmp;

    @Test
    void mobileNetV2OnImageNetImages() throws Exception {
        Path onnx = SharedData.model("mobilenetv2-1.0-224.onnx");
        List<float[]> inputs = new ArrayList<>();
        Preprocessor pre = new Preprocessor(Preprocessing.torchvision(), 224, 224, true);
        for (SharedData.ImageEntry e : SharedData.imagenet200().subList(0, 6)) {
            inputs.add(pre.apply(e.file()).floats());
        }
        inputs.add(random(3 * 224 * 224, 1));
        new AccuracyCheck(tmp).check(onnx, ImportOptions.defaults(), new long[] {1, 3, 224, 224}, inputs, true);
    }

    @Test
    void paddleOcrClassifierMobileNetV3WithSqueezeExcite() throws Exception {
        Path onnx = PaddleModels.CLASSIFIER.extractTo(tmp);
        long[] shape = {1, 3, 48, 192};
        List<float[]> inputs = new ArrayList<>();
        SharedData.dir().ifPresent(d -> {
            Preprocessing p = Preprocessing.none().withExactSize(48, 192).withScale(1 / 127.5f)
                    .withMean(new float[] {1, 1, 1});
            inputs.add(new Preprocessor(p, 48, 192, true).apply(d.resolve("images/photos/page.png")).floats());
        });
        inputs.add(random(3 * 48 * 192, 2));
        inputs.add(random(3 * 48 * 192, 3));
        new AccuracyCheck(tmp).check(onnx, ImportOptions.defaults().withInputShape("x", shape), shape, inputs, true);
    }

    @Test
    void paddleOcrDetectorProbabilityMap() throws Exception {
        Path onnx = PaddleModels.DETECTOR.extractTo(tmp);
        // page.png is a 384x191 page of printed text; the detector wants sides that are multiples of 32.
        long[] shape = {1, 3, 192, 384};
        List<float[]> inputs = new ArrayList<>();
        SharedData.dir().ifPresent(d -> inputs.add(new Preprocessor(Preprocessing.torchvision().withExactSize(192, 384)
                .withCrop(false), 192, 384, true).apply(d.resolve("images/photos/page.png")).floats()));
        inputs.add(random(3 * 192 * 384, 4));
        new AccuracyCheck(tmp).check(onnx, ImportOptions.defaults().withInputShape("x", shape), shape, inputs, false);
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
