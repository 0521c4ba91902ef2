package dev.mnc.backend.onnx;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.testdata.PaddleModels;
import dev.mnc.testdata.SharedData;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Real models imported and written back: ONNX Runtime must compute the same outputs from the
 * written file as from the source (to 1e-5 of the output scale). MobileNetV2 comes from
 * {@code ../shared} (skipped without it); the PaddleOCR models from their Maven artifact.
 */
class RealModelsTest {

    @Test
    void mobileNetV2() throws Exception {
        byte[] source = Files.readAllBytes(SharedData.model("mobilenetv2-1.0-224.onnx"));
        OrtRoundTrip.check(source, ImportOptions.defaults());
    }

    @Test
    void paddleOcrClassifierWithSeBlocks() {
        OrtRoundTrip.check(PaddleModels.CLASSIFIER.bytes(), ImportOptions.defaults().withInputShape("x", 1, 3, 48, 192));
    }

    @Test
    void paddleOcrDetector() {
        OrtRoundTrip.check(PaddleModels.DETECTOR.bytes(), ImportOptions.defaults().withInputShape("x", 1, 3, 96, 128));
    }
}
