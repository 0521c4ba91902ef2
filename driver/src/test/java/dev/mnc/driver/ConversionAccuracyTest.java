package dev.mnc.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import dev.mnc.tensorio.Preprocessing;
import dev.mnc.tensorio.Preprocessor;
import dev.mnc.testdata.OrtOracle;
import dev.mnc.testdata.PaddleModels;
import dev.mnc.testdata.SharedData;
import dev.mnc.testdata.TfliteOracle;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path tmp;

    private final Converter converter = new Converter(new PassSetup(getClass().getClassLoader()),
            new PrintStream(PrintStream.nullOutputStream()));

    @Test
    void mobileNetV2OnImageNetImages() throws Exception {
        Path onnx = SharedData.model("mobilenetv2-1.0-224.onnx");
        List<float[]> inputs = new ArrayList<>();
        Preprocessor pre = new Preprocessor(Preprocessing.torchvision(), 224, 224, true);
        for (SharedData.ImageEntry e : SharedData.imagenet200().subList(0, 6)) {
            inputs.add(pre.apply(e.file()).floats());
        }
        inputs.add(random(3 * 224 * 224, 1));
        check(onnx, ImportOptions.defaults(), new long[] {1, 3, 224, 224}, inputs, true);
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
        check(onnx, ImportOptions.defaults().withInputShape("x", shape), shape, inputs, true);
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
        check(onnx, ImportOptions.defaults().withInputShape("x", shape), shape, inputs, false);
    }

    private void check(Path onnx, ImportOptions opts, long[] nchw, List<float[]> inputs, boolean classifier)
            throws Exception {
        Path mnc = tmp.resolve("m.mnc");
        Path tfl = tmp.resolve("m.tflite");
        converter.convert(ConvertRequest.of(onnx, mnc).withImportOptions(opts));
        converter.convert(ConvertRequest.of(onnx, tfl).withImportOptions(opts));
        byte[] tflite = Files.readAllBytes(tfl);
        try (OrtOracle ort = OrtOracle.load(onnx); Model model = Model.load(mnc); Session session = model.newSession();
                TfliteOracle interp = TfliteOracle.load(tflite)) {
            String inName = ort.inputs().get(0).name();
            for (float[] x : inputs) {
                float[] ref = ort.run(Map.of(inName, x), Map.of(inName, nchw)).get(0).data();
                int[] shape = java.util.Arrays.stream(nchw).mapToInt(l -> (int) l).toArray();
                Tensor y = session.run(Map.of(model.inputs().get(0).name(), Tensor.ofFloats(shape, x)))
                        .get(model.outputs().get(0).name());
                assertClose("mnc", ref, y.floats(), classifier);
                float[] nhwc = InputLoader.nchwToNhwc(TensorData.ofFloats(Shape.of(nchw), x)).floats();
                float[] t = interp.run(nhwc).get(0).floats();
                assertClose("tflite", ref, nhwcToNchwIfNeeded(t, ref.length), classifier);
            }
        }
    }

    /** Outputs compared here are [1,N] vectors or [1,1,H,W] maps, whose NHWC order equals NCHW order. */
    private static float[] nhwcToNchwIfNeeded(float[] t, int n) {
        assertThat(t).hasSize(n);
        return t;
    }

    private static void assertClose(String what, float[] ref, float[] got, boolean classifier) {
        assertThat(got).as(what + " output size").hasSize(ref.length);
        double maxRef = 0;
        double maxDiff = 0;
        for (int i = 0; i < ref.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(ref[i]));
            maxDiff = Math.max(maxDiff, Math.abs(ref[i] - got[i]));
        }
        double bound = classifier ? TOLERANCE * maxRef : TOLERANCE;
        assertThat(maxDiff).as(what + ": max |diff| vs ONNX Runtime (largest |output| " + maxRef + ")")
                .isLessThanOrEqualTo(bound);
        if (classifier) {
            assertThat(argmax(got)).as(what + " top-1").isEqualTo(argmax(ref));
        }
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
