package dev.mnc.prune;

import dev.mnc.passes.CalibrationData;
import dev.mnc.ir.Graph;
import dev.mnc.ir.TensorData;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.Session;
import dev.mnc.tensorio.Preprocessing;
import dev.mnc.tensorio.Preprocessor;
import dev.mnc.testdata.SharedData;
import dev.mnc.testdata.Top1;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * The shared ImageNet images (index.csv order) as MobileNetV2 inputs: torchvision preprocessing to
 * [1,3,224,224] NCHW, decoded on first use and kept, with their labels; and top-1 accuracy of a
 * graph on a range of them through the native runtime. Tests skip when {@code ../shared} is absent.
 */
final class ImageNetSamples {
    private static List<SharedData.ImageEntry> entries;
    private static TensorData[] decoded;

    private ImageNetSamples() {}

    private static synchronized List<SharedData.ImageEntry> entries() {
        if (entries == null) {
            entries = SharedData.imagenet200();
            decoded = new TensorData[entries.size()];
        }
        return entries;
    }

    /** Image {@code i}, preprocessed. */
    static synchronized TensorData image(int i) {
        List<SharedData.ImageEntry> e = entries();
        if (decoded[i] == null) {
            decoded[i] = new Preprocessor(Preprocessing.torchvision(), 224, 224, true).apply(e.get(i).file());
        }
        return decoded[i];
    }

    static int label(int i) {
        return entries().get(i).classIndex();
    }

    /** Images [from, to) as calibration data for the graph input {@code input}. */
    static CalibrationData calibration(int from, int to) {
        return CalibrationData.lazy(to - from, i -> Map.of("input", image(from + i)));
    }

    /** Percentage of images [from, to) whose highest logit is their label, on the native runtime. */
    static double top1(Graph g, int from, int to) {
        int hits = 0;
        try (Model m = Model.load(ByteBuffer.wrap(NativeLatency.compile(g))); Session s = m.newSession()) {
            for (int i = from; i < to; i++) {
                float[] logits = s.run(Map.of("input", RuntimeTensors.of(image(i)))).get("output").floats();
                hits += Top1.argmax(logits) == label(i) ? 1 : 0;
            }
        } catch (ModelFormatException e) {
            throw new IllegalStateException(e);
        }
        return 100.0 * hits / (to - from);
    }
}
