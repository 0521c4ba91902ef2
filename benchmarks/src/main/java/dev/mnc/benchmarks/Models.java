package dev.mnc.benchmarks;

import dev.mnc.testdata.PaddleModels;
import java.nio.file.Files;
import java.nio.file.Path;

/** The models benchmarked: the shared MobileNetV2 when ../shared is present, and the PaddleOCR classifier. */
final class Models {
    private Models() {}

    record Spec(Path onnx, String inputName, long[] shape) {}

    static Spec byName(String name, Path workDir) {
        switch (name) {
            case "mobilenetv2": {
                Path shared = Path.of(System.getProperty("mnc.shared.dir", "../shared"));
                Path m = shared.resolve("models/mobilenetv2-1.0-224.onnx");
                if (!Files.isRegularFile(m)) {
                    throw new IllegalStateException(m + " not found; set -Dmnc.shared.dir");
                }
                return new Spec(m, "input", new long[] {1, 3, 224, 224});
            }
            case "ppocr-cls":
                return new Spec(PaddleModels.CLASSIFIER.extractTo(workDir), "x", new long[] {1, 3, 48, 192});
            default:
                throw new IllegalArgumentException("unknown model " + name);
        }
    }
}
