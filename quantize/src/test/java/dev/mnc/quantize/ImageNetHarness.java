package dev.mnc.quantize;

import dev.mnc.passes.CalibrationData;
import dev.mnc.backend.nativeformat.NativeCompiler;
import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.TensorData;
import dev.mnc.passes.BuiltinPasses;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PipelineOptions;
import dev.mnc.passes.Target;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import dev.mnc.tensorio.Preprocessing;
import dev.mnc.tensorio.Preprocessor;
import dev.mnc.testdata.SharedData;
import dev.mnc.testdata.TfliteOracle;
import dev.mnc.testdata.Top1;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MobileNetV2 on the shared ImageNet images, for the real-data tests: the float graph as the
 * TFLite default pipeline leaves it (NHWC input), images preprocessed the torchvision way, and
 * top-1 counted in the TFLite interpreter or in the native runtime. Skips (JUnit assumption)
 * without ../shared.
 */
final class ImageNetHarness {
    static final String MODEL = "mobilenetv2-1.0-224.onnx";

    private ImageNetHarness() {}

    /** The float MobileNetV2 graph after the TFLite default pipeline. */
    static Graph mobileNetV2() {
        Graph g = OnnxImporter.importModel(SharedData.model(MODEL), ImportOptions.defaults());
        BuiltinPasses.defaultPipeline(Target.TFLITE, PipelineOptions.defaults()).run(g, PassContext.defaults());
        return g;
    }

    /** Images [from, to) of index.csv, preprocessed to NHWC [1, 224, 224, 3]. */
    static List<TensorData> images(int from, int to) {
        List<SharedData.ImageEntry> all = SharedData.imagenet200();
        Preprocessor p = new Preprocessor(Preprocessing.torchvision(), 224, 224, false);
        List<TensorData> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(p.apply(all.get(i).file()));
        }
        return out;
    }

    /** The ImageNet class indices of images [from, to). */
    static int[] labels(int from, int to) {
        List<SharedData.ImageEntry> all = SharedData.imagenet200();
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = all.get(i).classIndex();
        }
        return out;
    }

    /** The calibration set of the graph input {@code input}. */
    static CalibrationData calibration(List<TensorData> images) {
        List<Map<String, TensorData>> samples = new ArrayList<>();
        for (TensorData t : images) {
            samples.add(Map.of("input", t));
        }
        return CalibrationData.of(samples);
    }

    /** The interpreter's top-1 class for each image. */
    static int[] predict(byte[] tflite, List<TensorData> images) {
        int[] out = new int[images.size()];
        try (TfliteOracle o = TfliteOracle.load(tflite)) {
            for (int i = 0; i < out.length; i++) {
                out[i] = Top1.argmax(o.run((Object) images.get(i).floats()).get(0).dequantized());
            }
        }
        return out;
    }

    /** The native runtime's top-1 class for each image, running {@code graph} (its input named {@code input}). */
    static int[] predictNative(Graph graph, String input, List<TensorData> images) {
        int[] out = new int[images.size()];
        try (Model m = Model.load(ByteBuffer.wrap(NativeCompiler.compile(graph))); Session s = m.newSession()) {
            for (int i = 0; i < out.length; i++) {
                TensorData x = images.get(i);
                Tensor y = s.run(Map.of(input, Tensor.ofFloats(x.shape().toIntArray(), x.floats()))).values().iterator()
                        .next();
                out[i] = Top1.argmax(y.floats());
            }
        } catch (ModelFormatException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static int correct(int[] predicted, int[] labels) {
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            n += predicted[i] == labels[i] ? 1 : 0;
        }
        return n;
    }

    static int agreeing(int[] a, int[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += a[i] == b[i] ? 1 : 0;
        }
        return n;
    }
}
