package dev.mnc.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.Tensor;
import dev.mnc.runtime.TensorInfo;
import dev.mnc.tensorio.InputFolder;
import dev.mnc.tensorio.Npy;
import dev.mnc.tensorio.Preprocessing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feeding float files to an int8 or uint8 input: quantized as the runtime's QUANTIZE op quantizes. */
class InputLoaderTest {
    @TempDir
    Path dir;

    private byte[] load(DType type, float scale, int zeroPoint, float... values) {
        Path file = dir.resolve("x.npy");
        Npy.write(file, new long[] {values.length}, values);
        InputLoader loader = new InputLoader(new TensorInfo("x", type, new int[] {values.length}, scale, zeroPoint),
                Preprocessing.none());
        Tensor t = loader.load(new InputFolder.Entry(file, true));
        return t.bytes();
    }

    @Test
    void tiesRoundAwayFromZeroAsTfliteQuantizeDoes() {
        // x / scale = -2.5, 2.5, -0.5, 0.5: TFLite (std::round) gives -3, 3, -1, 1; Math.round gives -2 at -2.5.
        assertThat(load(DType.I8, 0.5f, 0, -1.25f, 1.25f, -0.25f, 0.25f)).containsExactly(-3, 3, -1, 1);
    }

    @Test
    void valuesClampToTheTypeAndNanIsTheZeroPoint() {
        assertThat(load(DType.I8, 0.1f, 10, 1e9f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN))
                .containsExactly(127, -128, 127, 10);
        assertThat(load(DType.U8, 1f, 128, -500f, 500f, 0f)).containsExactly(0, (byte) 255, (byte) 128);
    }
}
