package dev.mnc.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TfliteOracleTest {

    @Test
    void runsGooglesInt8MobileNetV2() throws Exception {
        Path file = SharedData.file("reference/tf2_mobilenet_v2_1.0_224_ptq.tflite");
        try (TfliteOracle oracle = TfliteOracle.load(Files.readAllBytes(file))) {
            TfliteOracle.Tensor in = oracle.inputs().get(0);
            assertThat(in.type()).isEqualTo(TfliteOracle.Type.UINT8);
            assertThat(in.shape()).containsExactly(1, 224, 224, 3);
            assertThat(in.quant()).isNotNull();
            byte[] image = new byte[224 * 224 * 3];
            for (int i = 0; i < image.length; i++) {
                image[i] = (byte) ((i * 7) % 256);
            }
            List<TfliteOracle.Tensor> out = oracle.run((Object) image);
            assertThat(out).hasSize(1);
            assertThat(out.get(0).shape()).containsExactly(1, 1001);
            assertThat(out.get(0).type()).isEqualTo(TfliteOracle.Type.UINT8);
            // A softmax output: TFLite's fixed output quantization (1/256, 0), probabilities that sum
            // to at most one (each is rounded down to a multiple of 1/256, so small ones vanish).
            assertThat(out.get(0).quant().scale()).isEqualTo(1f / 256);
            assertThat(out.get(0).quant().zeroPoint()).isZero();
            double sum = 0;
            for (float p : out.get(0).dequantized()) {
                sum += p;
            }
            assertThat(sum).isBetween(0.5, 1.0 + 1e-6);
            // Reference kernels on one thread: a second run gives the same bytes.
            assertThat(oracle.run((Object) image).get(0).raw()).isEqualTo(out.get(0).raw());
        }
    }

    @Test
    void rejectsBytesThatAreNoModel() {
        assertThatThrownBy(() -> TfliteOracle.load(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                .isInstanceOf(TfliteOracle.OracleException.class);
    }
}
